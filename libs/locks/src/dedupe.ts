import { LockResult } from './lock-result';

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
  /** Insertion order = time order (the table's clock never goes back), so the oldest is first. */
  private readonly entries = new Map<string, DedupeEntry>();
  private readonly keysByOwner = new Map<string, string[]>();

  constructor(private readonly limits: DedupeLimits = DEFAULT_DEDUPE_LIMITS) {}

  get size(): number {
    return this.entries.size;
  }

  get(owner: string, requestId: string): DedupeEntry | undefined {
    return this.entries.get(keyOf(owner, requestId));
  }

  put(entry: DedupeEntry): void {
    const key = keyOf(entry.owner, entry.requestId);
    if (this.entries.has(key)) return;
    this.entries.set(key, { ...entry });
    const keys = this.keysByOwner.get(entry.owner) ?? [];
    keys.push(key);
    this.keysByOwner.set(entry.owner, keys);
    if (keys.length > this.limits.maxPerOwner) this.remove(keys[0]);
    while (this.entries.size > this.limits.maxEntries) this.removeOldest();
  }

  /** Records the final outcome of a request (a queued acquire that was later granted or gave up). */
  settle(owner: string, requestId: string, result: LockResult): void {
    const entry = this.entries.get(keyOf(owner, requestId));
    if (entry) entry.result = result;
  }

  /** Forgets entries older than the window. */
  prune(now: number): void {
    for (const entry of this.entries.values()) {
      if (entry.at > now - this.limits.windowMs) break;
      this.remove(keyOf(entry.owner, entry.requestId));
    }
  }

  toJSON(): DedupeEntry[] {
    return [...this.entries.values()];
  }

  /** Rebuilds from toJSON() output, keeping its order. */
  load(list: readonly DedupeEntry[]): void {
    this.entries.clear();
    this.keysByOwner.clear();
    for (const e of list) this.put(e);
  }

  private removeOldest(): void {
    const first = this.entries.keys().next();
    if (!first.done) this.remove(first.value);
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const keys = this.keysByOwner.get(entry.owner);
    if (!keys) return;
    const at = keys.indexOf(key);
    if (at >= 0) keys.splice(at, 1);
    if (keys.length === 0) this.keysByOwner.delete(entry.owner);
  }
}

/** JSON of the pair: no separator character can make two different pairs collide. */
function keyOf(owner: string, requestId: string): string {
  return JSON.stringify([owner, requestId]);
}
