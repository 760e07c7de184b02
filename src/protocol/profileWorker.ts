/**
 * The contract between the language server (src/languageServer/sourceProfiler.ts, the host) and
 * its profile worker (src/languageServer/profileWorker.ts, bundled as `dist/profileWorker.js`): one
 * worker thread per data source reads the whole source once, keeps the frame, and profiles it per
 * target on request, so that the server's own thread keeps answering while a big file is read and
 * profiled. Plain structured-clone data only.
 */
import type { ReadReport } from '../engine/data/readReport';
import type { SourceSpec } from '../engine/data/sourceSpec';
import type { DatasetProfile } from '../engine/profile/types';
import type { SerializedError } from './worker';

/** `workerData` of a profile worker: the source it reads (a local file; paths absolute). */
export interface ProfileWorkerData {
  readonly source: SourceSpec;
}

/** The `requestId` of the events about the read itself (not about one profile). */
export const READ_REQUEST_ID = 0;

/** Host -> worker: profile the frame with `target` (none: no target); `requestId` > 0, unique per worker. */
export interface ProfileRequestedMessage {
  readonly kind: 'profile/requested';
  readonly requestId: number;
  readonly target?: string;
}

/** Every message the host sends to a profile worker. */
export type ProfileWorkerRequest = ProfileRequestedMessage;

/** Worker -> host, once, `requestId` {@link READ_REQUEST_ID}: the source is read; its report. */
export interface ReadCompletedEvent {
  readonly kind: 'read/completed';
  readonly requestId: typeof READ_REQUEST_ID;
  readonly report: ReadReport;
}

/** Worker -> host: the answer to `profile/requested`. */
export interface ProfileWorkerCompletedEvent {
  readonly kind: 'profile/completed';
  readonly requestId: number;
  readonly profile: DatasetProfile;
}

/**
 * Worker -> host: request `requestId` failed. With {@link READ_REQUEST_ID} the read failed: every
 * request fails with it, and the worker ends.
 */
export interface ProfileWorkerErrorEvent {
  readonly kind: 'error';
  readonly requestId: number;
  readonly error: SerializedError;
}

/** Every message a profile worker sends to the host. */
export type ProfileWorkerEvent = ReadCompletedEvent | ProfileWorkerCompletedEvent | ProfileWorkerErrorEvent;
