import { CommandHandler } from './command-router';

export const DIAG_KIND = 'diag';

export interface AppliedProposal {
  index: number;
  term: number;
  data: unknown;
}

interface RegisterState {
  total: number;
  records: AppliedProposal[];
}

/**
 * Diagnostic state machine of the control group: remembers the proposals it applied (the most
 * recent `retain` of them, plus a total count) so tests and operators can check none was lost.
 */
export class DiagnosticRegister implements CommandHandler {
  private records: AppliedProposal[] = [];
  private totalApplied = 0;

  constructor(private readonly retain = 100_000) {}

  apply(body: unknown, at: { index: number; term: number }): AppliedProposal {
    const record = { index: at.index, term: at.term, data: body ?? null };
    this.records.push(record);
    this.totalApplied++;
    // Trim in chunks so the amortized cost stays O(1) per apply.
    if (this.records.length > this.retain * 1.25) this.records = this.records.slice(-this.retain);
    return record;
  }

  get total(): number {
    return this.totalApplied;
  }

  /** Applied proposals with index >= from, in index order, at most `limit`. */
  page(from: number, limit: number): AppliedProposal[] {
    const start = lowerBound(this.records, from);
    return this.records.slice(start, start + limit);
  }

  snapshot(): RegisterState {
    return { total: this.totalApplied, records: this.records.slice(-this.retain) };
  }

  restore(state: unknown): void {
    const s = state as RegisterState | undefined;
    this.records = s ? [...s.records] : [];
    this.totalApplied = s ? s.total : 0;
  }
}

function lowerBound(records: AppliedProposal[], index: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid].index < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
