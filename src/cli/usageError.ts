import { AutoMLError } from '../engine/errors';

/** Wrong command-line usage: unknown command or option, missing argument. Exit code 1. */
export class UsageError extends AutoMLError {}
