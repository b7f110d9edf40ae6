import { GroupWrite, LogStore, PeerTransport, RaftMessage } from '@app/core';
import { Ready } from '@app/raft';
import { Inject, Injectable } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { ContextLogger, JsonLogger } from '../logging/json-logger';
import { GroupRegistry } from './group-registry.service';
import { RaftGroup } from './raft-group';

export interface DriverStats {
  ticks: number;
  /** Ready rounds processed (each: at most one store write for all groups). */
  rounds: number;
  writes: number;
  entriesWritten: number;
  messagesSent: number;
  failed: string | null;
}

/**
 * The consensus loop, and the only timer of the node: ticks every group every TICK_MS, and
 * carries Readys through persist → send → apply → advance. One store write (one fsync) covers
 * the Readys of all groups; proposals arriving during a write pile up in the RaftNodes and go
 * out together in the next round, so throughput grows with concurrency.
 */
@Injectable()
export class RaftDriver {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private scheduled = false;
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly log: ContextLogger;
  private readonly counters: DriverStats = { ticks: 0, rounds: 0, writes: 0, entriesWritten: 0, messagesSent: 0, failed: null };

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly registry: GroupRegistry,
    private readonly store: LogStore,
    private readonly transport: PeerTransport,
    logger: JsonLogger,
  ) {
    this.log = logger.child('RaftDriver');
    registry.onWork(() => this.kick());
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.tick(), this.config.tickMs);
    this.kick();
  }

  /**
   * Stops ticking and waits for the round in flight (its write and sends) to finish, then writes
   * the commit indexes that were not written yet (a restart then re-applies more by itself).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.loop;
    if (!this.counters.failed) {
      const writes = this.registry.all().flatMap((g) => g.takeUnwrittenHardState() ?? []);
      await this.persist(writes).catch((error: unknown) => this.log.warn('final commit-index write failed', { error: error instanceof Error ? error.message : String(error) }));
    }
    for (const g of this.registry.all()) g.stop();
  }

  stats(): DriverStats {
    return { ...this.counters };
  }

  /** Something may have produced a Ready (a step, a proposal): run a round soon, coalescing callers. */
  kick(): void {
    if (this.stopped || this.running || this.scheduled) return;
    this.scheduled = true;
    // setImmediate lets requests that arrived in the same I/O phase join the round.
    setImmediate(() => {
      this.scheduled = false;
      if (!this.running && !this.stopped) this.loop = this.run();
    });
  }

  private tick(): void {
    this.counters.ticks++;
    for (const g of this.registry.all()) g.tick();
    this.kick();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped) {
        const round = this.registry
          .all()
          .filter((g) => g.hasWork())
          .map((g) => ({ group: g, ...g.collect() }));
        if (round.length === 0) break;
        // A leader's appends go out before its own write (see RaftGroup.collect); let the
        // transport flush them first, since a synchronous store (SQLite) blocks the event loop.
        let sentFirst = false;
        for (const r of round) {
          if (r.ready && r.messagesFirst) {
            r.group.sendFirst(r.ready, this.sender);
            sentFirst = true;
          }
        }
        const writes = round.flatMap((r) => (r.write ? [r.write] : []));
        if (sentFirst && writes.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
        await this.persist(writes);
        for (const r of round) if (r.ready) this.finish(r.group, r.ready, r.messagesFirst);
        this.counters.rounds++;
      }
    } catch (error) {
      // A failed durable write leaves Raft state we cannot vouch for: stop taking part (etcd panics here).
      this.counters.failed = error instanceof Error ? error.message : String(error);
      this.log.error('consensus loop failed; node stops participating', { error: this.counters.failed });
      this.stopped = true;
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      for (const g of this.registry.all()) g.stop();
    } finally {
      this.running = false;
    }
  }

  private async persist(writes: GroupWrite[]): Promise<void> {
    if (writes.length === 0) return;
    await this.store.write(writes);
    this.counters.writes++;
    for (const w of writes) this.counters.entriesWritten += w.entries?.length ?? 0;
  }

  private readonly sender = (m: RaftMessage): void => {
    this.counters.messagesSent++;
    this.transport.send(m.to, { channel: 'raft', message: m });
  };

  private finish(group: RaftGroup, ready: Ready, messagesSent: boolean): void {
    if (ready.softState) {
      this.log.info('role changed', { group: group.id, role: ready.softState.role, leader: ready.softState.leader, term: ready.hardState?.term ?? group.status().term });
    }
    group.afterPersist(ready, this.sender, messagesSent);
  }
}
