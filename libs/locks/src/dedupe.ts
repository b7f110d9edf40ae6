import { HoldEndReason, LockResult } from './lock-result';

/** The commands that carry a client request id (retried POST / DELETE). */
export type DedupedCommand = 'acquire' | 'release';

export interface DedupeEntry {
  owner: string;
  requestId: string;
  command: DedupedCommand;
  lock: string;
  /** Leader time when first applied (drives the time window). */
  at: number;
  /** The outcome to replay; for a queued acquire it is replaced by the final outcome (granted / timed out). */
  result: LockResult;
  /** For a recorded grant: how and when (table time) its hold ended, once it has. */
  ended?: { reason: HoldEndReason; at: number };
}

export interface DedupeLimits {
  /** Entries older than this (by command time) are forgotten. Default 10 minutes. */
  windowMs: number;
  /** Most entries per owner; the owner's oldest goes first. Default 64. */
  maxPerOwner: number;
  /** Most entries in all; the oldest goes first. Default 10,000. */
  maxEntries: number;
}

export const DEFAULT_DEDUPE_LIMITS: DedupeLimits = Object.freeze({ windowMs: 600_000, maxPerOwner: 64, maxEntries: 10_000 });

/**
 * requestId -> outcome, per owner, bounded by count and age. Part of the replicated state (and of
 * snapshots), so a retry that reaches a new leader after failover is still recognised. The limits
 * must be the same on every node, because eviction changes what a later retry sees.
 */
export class DedupeTable {
  private readonly entries = new Map<string, Stored>();
  /**
   * Age order (the table's clock never goes back, so insertion order is time order). A plain
   * array with a head index, because a Map that is iterated from the front after many deletions
   * skips its deleted slots every time. Slots whose entry was removed early are skipped by seq.
   */
  private order: Array<{ key: string; seq: number }> = [];
  private head = 0;
  private seq = 0;
  private readonly keysByOwner = new Map<string, string[]>();

  constructor(private readonly limits: DedupeLimits = DEFAULT_DEDUPE_LIMITS) {}

  get size(): number {
    return this.entries.size;
  }

  get(owner: string, requestId: string): DedupeEntry | undefined {
    return this.entries.get(keyOf(owner, requestId))?.entry;
  }

  put(entry: DedupeEntry): void {
    const key = keyOf(entry.owner, entry.requestId);
    if (this.entries.has(key)) return;
    const seq = ++this.seq;
    this.entries.set(key, { entry: { ...entry }, seq });
    this.order.push({ key, seq });
    const keys = this.keysByOwner.get(entry.owner) ?? [];
    keys.push(key);
    this.keysByOwner.set(entry.owner, keys);
    if (keys.length > this.limits.maxPerOwner) this.remove(keys[0]);
    while (this.entries.size > this.limits.maxEntries) this.removeOldest();
  }

  /** Records the final outcome of a request (a queued acquire that was later granted or gave up). */
  settle(owner: string, requestId: string, result: LockResult): void {
    const stored = this.entries.get(keyOf(owner, requestId));
    if (stored) stored.entry.result = result;
  }

  /**
   * Notes on the owner's recorded grants of (lock, token) that the hold has ended, so a later
   * replay can say why. Scans only that owner's entries (at most maxPerOwner).
   */
  endHold(owner: string, lock: string, fencingToken: number, reason: HoldEndReason, at: number): void {
    for (const key of this.keysByOwner.get(owner) ?? []) {
      const e = this.entries.get(key)?.entry;
      if (e === undefined || e.ended !== undefined || e.command !== 'acquire' || e.lock !== lock) continue;
      if (e.result.type === 'granted' && e.result.fencingToken === fencingToken) e.ended = { reason, at };
    }
  }

  /** Forgets entries older than the window. */
  prune(now: number): void {
    for (let oldest = this.oldest(); oldest !== undefined && oldest.at <= now - this.limits.windowMs; oldest = this.oldest()) {
      this.removeOldest();
    }
  }

  /** Entries, oldest first. */
  toJSON(): DedupeEntry[] {
    const out: DedupeEntry[] = [];
    for (let i = this.head; i < this.order.length; i++) {
      const stored = this.live(this.order[i]);
      if (stored) out.push(stored.entry);
    }
    return out;
  }

  /** Rebuilds from toJSON() output, keeping its order. */
  load(list: readonly DedupeEntry[]): void {
    this.entries.clear();
    this.keysByOwner.clear();
    this.order = [];
    this.head = 0;
    for (const e of list) this.put(e);
  }

  private oldest(): DedupeEntry | undefined {
    while (this.head < this.order.length && !this.live(this.order[this.head])) this.head++;
    return this.head < this.order.length ? this.live(this.order[this.head])?.entry : undefined;
  }

  private removeOldest(): void {
    if (this.oldest() === undefined) return;
    this.remove(this.order[this.head].key);
    this.head++;
    // Compact now and then so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }

  private live(slot: { key: string; seq: number }): Stored | undefined {
    const stored = this.entries.get(slot.key);
    return stored !== undefined && stored.seq === slot.seq ? stored : undefined;
  }

  private remove(key: string): void {
    const stored = this.entries.get(key);
    if (!stored) return;
    this.entries.delete(key);
    const keys = this.keysByOwner.get(stored.entry.owner);
    if (!keys) return;
    // Usually the owner's oldest, so this is the front of its list.
    const at = keys[0] === key ? 0 : keys.indexOf(key);
    if (at >= 0) keys.splice(at, 1);
    if (keys.length === 0) this.keysByOwner.delete(stored.entry.owner);
  }
}

interface Stored {
  entry: DedupeEntry;
  seq: number;
}

/** JSON of the pair: no separator character can make two different pairs collide. */
function keyOf(owner: string, requestId: string): string {
  return JSON.stringify([owner, requestId]);
}
