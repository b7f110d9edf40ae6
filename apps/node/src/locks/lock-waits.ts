import { assertNever } from '@app/core';
import { Grant, LockEvent, WaitEndReason } from '@app/locks';

/** How a held-open acquire ends: the lock was handed over, or the wait ended without it. */
export type WaitSettlement = { type: 'granted'; grant: Grant; index: number } | { type: 'waitEnded'; reason: WaitEndReason; index: number };

interface Watch {
  lock: string;
  owner: string;
  /** Events for (lock, owner) seen since the watch opened, with their log index. */
  seen: WaitSettlement[];
  /** Set once the acquire is known to be queued: only events after this index count. */
  queuedAt: number | null;
  resolve: ((s: WaitSettlement) => void) | null;
  reject: ((e: Error) => void) | null;
  /** Set by failAll before the acquire's outcome was known. */
  failed: Error | null;
}

/**
 * Acquire requests held open on this node until an applied event decides them.
 *
 * A watch opens BEFORE the acquire is proposed, because the event that ends the wait can be
 * applied in the same batch as the acquire itself, before the proposer's promise continuation
 * runs. Events are recorded with their index; once the acquire's own (queued) index is known,
 * the first event after it settles the watch.
 */
export class LockWaits {
  private readonly watches = new Set<Watch>();

  get size(): number {
    return this.watches.size;
  }

  open(lock: string, owner: string): LockWaitHandle {
    const watch: Watch = { lock, owner, seen: [], queuedAt: null, resolve: null, reject: null, failed: null };
    this.watches.add(watch);
    return new LockWaitHandle(watch, () => this.watches.delete(watch));
  }

  /** Feeds the events of one applied command (every node, log order). */
  onEvents(events: readonly LockEvent[], index: number): void {
    if (this.watches.size === 0) return;
    for (const event of events) {
      const s = settlementOf(event, index);
      if (!s) continue;
      const lock = event.type === 'granted' ? event.grant.lock : event.lock;
      const owner = event.type === 'granted' ? event.grant.owner : event.owner;
      for (const w of this.watches) {
        if (w.lock !== lock || w.owner !== owner) continue;
        if (w.resolve && w.queuedAt !== null && index > w.queuedAt) w.resolve(s);
        else w.seen.push(s);
      }
    }
  }

  /** Every held request fails (leadership lost, shutdown): the client retries elsewhere. */
  failAll(error: Error): void {
    for (const w of [...this.watches]) {
      this.watches.delete(w);
      w.failed = error;
      w.reject?.(error);
    }
  }
}

export class LockWaitHandle {
  constructor(
    private readonly watch: Watch,
    private readonly remove: () => void,
  ) {}

  /** The acquire was queued at `index`: resolves with the first event for it after that index. */
  settled(index: number): Promise<WaitSettlement> {
    const w = this.watch;
    w.queuedAt = index;
    if (w.failed) return Promise.reject(w.failed);
    const early = w.seen.find((s) => s.index > index);
    if (early) return Promise.resolve(early);
    return new Promise((resolve, reject) => {
      w.resolve = (s) => {
        w.resolve = null;
        resolve(s);
      };
      w.reject = reject;
    });
  }

  close(): void {
    this.remove();
  }
}

function settlementOf(event: LockEvent, index: number): WaitSettlement | null {
  switch (event.type) {
    case 'granted':
      return { type: 'granted', grant: event.grant, index };
    case 'waitEnded':
      return { type: 'waitEnded', reason: event.reason, index };
    case 'leaseExpired':
      return null;
    default:
      return assertNever(event, 'lock event');
  }
}
