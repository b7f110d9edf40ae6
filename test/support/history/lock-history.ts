/**
 * The recorded history of a lock workload: what each client asked, when, and what it was told.
 * Times are wall-clock epoch milliseconds (Date.now) of the test process. The nodes run on the
 * same machine and stamp leases with the same clock, so `leaseExpiresAt` is comparable with them.
 */

/** What an acquire was told in the end (after its retries with the same request id). */
export type AcquireOutcome =
  | { type: 'granted'; token: number; leaseExpiresAt: number; leader: string | null; term: number }
  /** A definite "no": 423 (busy / wait timed out), 409 (deadlock), 403/404/400. */
  | { type: 'refused'; status: number; error: string }
  /** 503, 504, a dropped connection or a client-side timeout: it may or may not have taken effect. */
  | { type: 'unknown'; reason: string };

export type ReleaseOutcome = { type: 'released' } | { type: 'refused'; status: number; error: string } | { type: 'unknown'; reason: string };

interface OpBase {
  /** Unique per operation. */
  id: number;
  /** The worker that ran it. */
  client: string;
  /** Lock owner (X-Client-Id). */
  owner: string;
  lock: string;
  /** When the first HTTP attempt was sent. */
  invokeAt: number;
  /** When the final answer arrived (or the client gave up). */
  completeAt: number;
  /** HTTP attempts made (retries reuse the X-Request-Id). */
  attempts: number;
  /** Node each attempt was sent to. */
  via: string[];
}

export interface AcquireOp extends OpBase {
  kind: 'acquire';
  mode: 'exclusive' | 'shared';
  outcome: AcquireOutcome;
}

export interface ReleaseOp extends OpBase {
  kind: 'release';
  outcome: ReleaseOutcome;
}

export type LockOp = AcquireOp | ReleaseOp;

/** One write attempt on the fenced storage, in the storage's own (total) order. */
export interface FencedWrite {
  /** Position in the storage's order of writes. */
  seq: number;
  at: number;
  /** The storage key (one per lock). */
  key: string;
  owner: string;
  token: number;
  accepted: boolean;
}

export interface LockHistory {
  ops: LockOp[];
  writes: FencedWrite[];
}

/** Collects operations as workers complete them. */
export class HistoryRecorder {
  readonly ops: LockOp[] = [];
  private nextId = 1;

  newId(): number {
    return this.nextId++;
  }

  record(op: LockOp): void {
    this.ops.push(op);
  }

  grants(): AcquireOp[] {
    return this.ops.filter((o): o is AcquireOp => o.kind === 'acquire' && o.outcome.type === 'granted');
  }

  count(kind: LockOp['kind'], outcome: string): number {
    return this.ops.filter((o) => o.kind === kind && o.outcome.type === outcome).length;
  }
}
