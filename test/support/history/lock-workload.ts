import { SeededRandom } from '@app/core';
import { FencedStorage } from './fenced-storage';
import { acquireOutcome, call, HttpAnswer, releaseOutcome } from './lock-client';
import { AcquireOp, AcquireOutcome, HistoryRecorder, ReleaseOp, ReleaseOutcome } from './lock-history';

export interface LockWorkloadOptions {
  clients: number;
  locks: string[];
  /** Node ids a request may be sent to right now (any node: followers forward to the leader). */
  nodes: () => string[];
  url: (node: string) => string;
  waitMs: number;
  ttlMs: number;
  /** How long a holder works (writes to the storage) before releasing, ms. */
  holdMs: [number, number];
  /** Chance that a holder stalls past its lease before its last write (the stale-holder case). */
  stallProbability: number;
  /** Chance that an acquire asks for a shared hold (a reader: it holds without writing). Default 0. */
  sharedProbability?: number;
  /** HTTP attempts per operation (retries reuse the X-Request-Id, on another node). */
  maxAttempts: number;
  /** No retry starts later than this after the operation's first attempt, ms. */
  retryBudgetMs: number;
  /** Timeout of one HTTP call beyond wait_ms. */
  callTimeoutMs: number;
  seed: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Clients that acquire and release contended locks through random nodes, write to a fenced
 * storage with their token while they believe they hold the lock exclusively (shared holders
 * only read), and record every operation. Each acquire uses a fresh owner id, so a hold is never re-entered and an acquire
 * whose outcome stays unknown leaves at most an orphan hold that its lease ends.
 */
export class LockWorkload {
  readonly history = new HistoryRecorder();
  readonly storage = new FencedStorage();
  /** HTTP status (or error) of every attempt, for the report. */
  readonly attemptStatus = new Map<string, number>();
  private running = false;
  private aborted = false;
  private workers: Promise<void>[] = [];
  private readonly random: SeededRandom;

  constructor(private readonly opts: LockWorkloadOptions) {
    this.random = new SeededRandom(opts.seed);
  }

  start(): void {
    this.running = true;
    this.workers = Array.from({ length: this.opts.clients }, (_, i) => this.worker(`c${i + 1}`));
  }

  /** Lets every worker finish its current operation (bounded by the call timeouts), then resolves. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  /** For cleanup after a failure: no new operation, no retry; in-flight calls end by their timeouts. */
  async abort(): Promise<void> {
    this.aborted = true;
    await this.stop();
  }

  private pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.random.int(items.length)];
  }

  private async worker(client: string): Promise<void> {
    let seq = 0;
    while (this.running) {
      seq++;
      const lock = this.pick(this.opts.locks) ?? 'L';
      const owner = `${client}-${seq}`;
      const mode = this.random.next() < (this.opts.sharedProbability ?? 0) ? 'shared' : 'exclusive';
      const acquire = await this.acquire(client, owner, lock, mode, `acq-${owner}`);
      if (acquire.outcome.type !== 'granted') {
        if (acquire.outcome.type === 'unknown') await sleep(50);
        continue;
      }
      if (mode === 'exclusive') await this.hold(owner, lock, acquire.outcome);
      else await this.read(acquire.outcome);
      await this.release(client, owner, lock, `rel-${owner}`);
    }
  }

  /** Writes with the token while it believes it holds the lock; sometimes stalls past the lease first. */
  private async hold(owner: string, lock: string, grant: Extract<AcquireOutcome, { type: 'granted' }>): Promise<void> {
    const [min, max] = this.opts.holdMs;
    const until = Math.min(Date.now() + min + this.random.int(max - min + 1), grant.leaseExpiresAt - 20);
    let n = 0;
    this.storage.write(lock, owner, grant.token, `${owner}#${n++}`);
    while (Date.now() < until && !this.aborted) {
      await sleep(Math.min(40, Math.max(1, until - Date.now())));
      if (Date.now() < until) this.storage.write(lock, owner, grant.token, `${owner}#${n++}`);
    }
    if (this.random.next() < this.opts.stallProbability && !this.aborted) {
      // A GC pause or stalled VM: the holder wakes after its lease and writes as if it still held the lock.
      await sleep(Math.max(0, grant.leaseExpiresAt - Date.now()) + 100 + this.random.int(300));
      this.storage.write(lock, owner, grant.token, `${owner}#late`);
    }
  }

  /** A shared holder reads: it holds for a while (sometimes past its lease) and writes nothing. */
  private async read(grant: Extract<AcquireOutcome, { type: 'granted' }>): Promise<void> {
    const [min, max] = this.opts.holdMs;
    const stall = this.random.next() < this.opts.stallProbability;
    await sleep(stall ? Math.max(0, grant.leaseExpiresAt - Date.now()) + 100 : min + this.random.int(max - min + 1));
  }

  private async attempts<T extends AcquireOutcome | ReleaseOutcome>(
    send: (node: string) => Promise<HttpAnswer>,
    classify: (a: HttpAnswer) => T,
  ): Promise<{ outcome: T; via: string[]; invokeAt: number; completeAt: number }> {
    const via: string[] = [];
    const invokeAt = Date.now();
    let outcome: T | null = null;
    for (let i = 0; i < this.opts.maxAttempts && Date.now() - invokeAt < this.opts.retryBudgetMs && !this.aborted; i++) {
      const node = this.pick(this.opts.nodes());
      if (node === undefined) {
        await sleep(100);
        continue;
      }
      via.push(node);
      const answer = await send(node);
      const key = answer.status === 0 ? (answer.error ?? 'error') : answer.status >= 500 ? `${answer.status} ${String(answer.body?.error ?? '')}` : String(answer.status);
      this.attemptStatus.set(key, (this.attemptStatus.get(key) ?? 0) + 1);
      outcome = classify(answer);
      if (outcome.type !== 'unknown') break;
      await sleep(100 + this.random.int(200));
    }
    return { outcome: outcome ?? classify({ status: 0, body: null, error: 'no node to send to' }), via, invokeAt, completeAt: Date.now() };
  }

  private async acquire(client: string, owner: string, lock: string, mode: 'exclusive' | 'shared', requestId: string): Promise<AcquireOp> {
    const { waitMs, ttlMs, callTimeoutMs } = this.opts;
    const r = await this.attempts(
      (node) => call(`${this.opts.url(node)}/lock/${lock}?lock_type=${mode}&wait_ms=${waitMs}&ttl_ms=${ttlMs}`, 'POST', { owner, requestId, timeoutMs: waitMs + callTimeoutMs }),
      acquireOutcome,
    );
    const op: AcquireOp = { kind: 'acquire', id: this.history.newId(), client, owner, lock, mode, attempts: r.via.length, ...r };
    this.history.record(op);
    return op;
  }

  private async release(client: string, owner: string, lock: string, requestId: string): Promise<ReleaseOp> {
    const r = await this.attempts((node) => call(`${this.opts.url(node)}/lock/${lock}`, 'DELETE', { owner, requestId, timeoutMs: this.opts.callTimeoutMs }), releaseOutcome);
    const op: ReleaseOp = { kind: 'release', id: this.history.newId(), client, owner, lock, attempts: r.via.length, ...r };
    this.history.record(op);
    return op;
  }
}
