import type { Params } from './domain';
import type { TrialOutcome } from './searcher';

/** One suggestion a searcher made, and its outcome once reported. */
export interface LedgerEntry {
  readonly trialId: number;
  readonly params: Params;
  /** Position among this searcher's suggestions (0 = first). */
  readonly order: number;
  outcome?: TrialOutcome;
}

/**
 * The bookkeeping every searcher shares: which trial ids it handed out, in which order, and how
 * they went. A repeated `suggest` id, or a report for an id never suggested or already reported,
 * is a caller bug and throws `RangeError`.
 */
export class TrialLedger {
  private readonly byId = new Map<number, LedgerEntry>();
  /** Every suggestion in the order it was made. */
  readonly entries: LedgerEntry[] = [];
  /** Reported suggestions, in the order they were suggested (not the order reported). */
  private completedCache: LedgerEntry[] | undefined = [];

  /** Throws `RangeError` if `trialId` is not a safe integer or was already used. */
  checkNewId(trialId: number): void {
    if (!Number.isSafeInteger(trialId)) throw new RangeError(`trial id must be an integer, got ${trialId}`);
    if (this.byId.has(trialId)) throw new RangeError(`trial ${trialId} was already suggested`);
  }

  /** Records a suggestion (its id must have passed `checkNewId`). */
  add(trialId: number, params: Params): void {
    this.checkNewId(trialId);
    const entry: LedgerEntry = { trialId, params, order: this.entries.length };
    this.byId.set(trialId, entry);
    this.entries.push(entry);
  }

  /** Records an outcome. */
  complete(trialId: number, outcome: TrialOutcome): LedgerEntry {
    const entry = this.byId.get(trialId);
    if (!entry) throw new RangeError(`trial ${trialId} was not suggested by this searcher`);
    if (entry.outcome) throw new RangeError(`trial ${trialId} was already reported`);
    entry.outcome = outcome;
    this.completedCache = undefined;
    return entry;
  }

  /** Suggestions with an outcome, in suggestion order. */
  completed(): readonly LedgerEntry[] {
    this.completedCache ??= this.entries.filter((e) => e.outcome !== undefined);
    return this.completedCache;
  }
}
