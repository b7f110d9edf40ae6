import { LogEntry } from '@app/core';
import { chainHash } from './hash';

/**
 * The simulator's tiny replicated state machine: the sequence of applied entries, kept as a
 * chain digest: two nodes agree on the whole applied prefix iff their digests at an index agree.
 * Its snapshot is its JSON, so a node restored from a snapshot is checked like one that applied.
 */
export interface AppliedState {
  index: number;
  term: number;
  digest: string;
  /** Client values applied so far (normal, non-empty entries). */
  values: number;
}

export const EMPTY_APPLIED: AppliedState = Object.freeze({ index: 0, term: 0, digest: '0', values: 0 }) as AppliedState;

export function entryDigest(previous: string, e: LogEntry): string {
  return chainHash(previous, `${e.index}:${e.term}:${e.kind}:${e.data}`);
}

export class AppliedLog {
  private state: AppliedState;

  constructor(from: AppliedState = EMPTY_APPLIED) {
    this.state = { ...from };
  }

  get index(): number {
    return this.state.index;
  }

  get digest(): string {
    return this.state.digest;
  }

  get values(): number {
    return this.state.values;
  }

  /** Applies the next entry; a gap or a step back is a Raft contract violation. */
  apply(e: LogEntry): void {
    if (e.index !== this.state.index + 1) {
      throw new Error(`applied index ${e.index} after ${this.state.index} (entries must be applied once, in order)`);
    }
    this.state.digest = entryDigest(this.state.digest, e);
    this.state.index = e.index;
    this.state.term = e.term;
    if (e.kind === 'normal' && e.data !== '') this.state.values++;
  }

  serialize(): string {
    return JSON.stringify(this.state);
  }

  toState(): AppliedState {
    return { ...this.state };
  }

  static deserialize(data: string): AppliedLog {
    return AppliedLog.fromState(JSON.parse(data));
  }

  static fromState(parsed: unknown): AppliedLog {
    if (!isAppliedState(parsed)) throw new Error(`not an applied-log state: ${JSON.stringify(parsed).slice(0, 80)}`);
    const { index, term, digest, values } = parsed;
    return new AppliedLog({ index, term, digest, values });
  }
}

function isAppliedState(x: unknown): x is AppliedState {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.index === 'number' && typeof o.term === 'number' && typeof o.digest === 'string' && typeof o.values === 'number';
}
