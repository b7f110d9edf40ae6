import { LogEntry, NodeId, Snapshot } from '@app/core';
import { chainHash } from '../hash';
import { InvariantViolation } from '../invariant-violation';

/** What the checker needs to read of one node's current log. */
export interface LogView {
  snapshot: Snapshot | null;
  entries: readonly LogEntry[];
}

/**
 * Raft §5.3 Log Matching: two logs holding an entry with the same index and term hold the same
 * entries up to it. Each node's log is kept as a chain digest per index; every (index, term)
 * ever written by anyone must always come with the same chain digest.
 */
export class LogMatchingChecker {
  /** "index:term" -> chain digest of the log prefix ending with that entry, first seen. */
  private readonly chainOf = new Map<string, { chain: string; node: NodeId }>();
  /** Per node: chain digest by absolute log index (the snapshot index holds the base). */
  private readonly nodeChains = new Map<NodeId, string[]>();

  /** A node's log changed from `fromIndex` on (Infinity: only compaction; snapshot: whole log replaced). */
  written(node: NodeId, log: LogView, fromIndex: number, installedSnapshot?: Snapshot): void {
    const base = log.snapshot?.meta.index ?? 0;
    let chains = this.nodeChains.get(node);
    if (!chains || installedSnapshot) {
      this.rebuild(node, log);
      return;
    }
    if (fromIndex === Infinity) return;
    const start = Math.max(fromIndex, base + 1);
    chains.length = start;
    this.extend(node, chains, log, start);
  }

  /** After a restart the log is whatever the disk kept: recheck it from its snapshot. */
  rebuild(node: NodeId, log: LogView): void {
    const base = log.snapshot?.meta.index ?? 0;
    const chains: string[] = [];
    chains[base] = this.baseChain(node, log.snapshot);
    this.nodeChains.set(node, chains);
    this.extend(node, chains, log, base + 1);
  }

  private extend(node: NodeId, chains: string[], log: LogView, from: number): void {
    const base = log.snapshot?.meta.index ?? 0;
    for (let i = from - base - 1; i < log.entries.length; i++) {
      const e = log.entries[i];
      const prev = chains[e.index - 1];
      if (prev === undefined) throw new Error(`log-matching: ${node} has no chain before index ${e.index}`);
      const chain = chainHash(prev, `${e.term}:${e.kind}:${e.data}`);
      chains[e.index] = chain;
      this.record(node, e.index, e.term, chain);
    }
  }

  private record(node: NodeId, index: number, term: number, chain: string): void {
    const key = `${index}:${term}`;
    const seen = this.chainOf.get(key);
    if (seen === undefined) {
      this.chainOf.set(key, { chain, node });
    } else if (seen.chain !== chain) {
      throw new InvariantViolation(
        'log matching',
        `${node} and ${seen.node} both hold an entry at index ${index} term ${term}, but their logs differ at or before it`,
      );
    }
  }

  private baseChain(node: NodeId, snapshot: Snapshot | null): string {
    if (!snapshot || snapshot.meta.index === 0) return '0';
    const seen = this.chainOf.get(`${snapshot.meta.index}:${snapshot.meta.term}`);
    if (!seen) {
      throw new InvariantViolation(
        'log matching',
        `${node} holds a snapshot at index ${snapshot.meta.index} term ${snapshot.meta.term}, an entry no log ever held`,
      );
    }
    return seen.chain;
  }
}
