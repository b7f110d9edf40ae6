import { Clock } from '@app/core';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { ContextLogger, JsonLogger } from '../logging/json-logger';
import { QUEUE_CLOCK } from './queue-clock';
import { DeadLetterMover } from './dead-letter-mover.service';
import { HostedPartition, QueuePartitions } from './queue-partitions.service';
import { QueueService } from './queue.service';

/**
 * What only a partition's leader does, checked every tick for each partition it leads. Time moves
 * in a partition only through commands, so:
 * - once a visibility deadline passed, propose expireVisibility (the message is visible again on
 *   every replica, or dead-lettered after max deliveries);
 * - move dead letters to `<queue>.dlq` (a produce, possibly on another partition's leader), then
 *   release them here.
 * One batch of duties per partition at a time. A node that lost a partition's leadership wakes the
 * long polls it held, which then answer 503 so the client retries on the new leader.
 */
@Injectable()
export class QueueLeaderDuties implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private readonly busy = new Set<number>();
  private readonly leading = new Set<number>();
  private readonly log: ContextLogger;

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly partitions: QueuePartitions,
    private readonly queues: QueueService,
    private readonly mover: DeadLetterMover,
    @Inject(QUEUE_CLOCK) private readonly clock: Clock,
    logger: JsonLogger,
  ) {
    this.log = logger.child('QueueLeaderDuties');
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.check(), Math.max(5, this.config.tickMs));
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.queues.shutdown();
  }

  check(): void {
    // Placement moves (membership changes) are picked up here too: host new partitions, drop left ones.
    this.partitions.sync();
    for (const p of this.partitions.allLocal()) {
      const leader = p.group.status().role === 'leader';
      if (!leader) {
        if (this.leading.delete(p.info.index)) this.partitions.waiters.notifyPartition(p.info.index);
        continue;
      }
      this.leading.add(p.info.index);
      if (this.busy.has(p.info.index)) continue;
      const work = this.dueWork(p);
      if (work.expire.length === 0 && work.deadLetters.length === 0) continue;
      this.busy.add(p.info.index);
      this.run(p, work)
        .catch((e: unknown) => this.log.warn('partition duty failed; retried next tick', { group: p.info.group, error: e instanceof Error ? e.message : String(e) }))
        .finally(() => this.busy.delete(p.info.index));
    }
  }

  private dueWork(p: HostedPartition): { expire: string[]; deadLetters: string[] } {
    const due = p.machine.dueWork(this.clock.now());
    return { expire: due.expire, deadLetters: due.deadLetters.filter((name) => this.mover.canMove(name)) };
  }

  private async run(p: HostedPartition, work: { expire: string[]; deadLetters: string[] }): Promise<void> {
    for (const name of work.expire) await this.queues.expire(p, name);
    for (const name of work.deadLetters) await this.mover.move(p, name);
  }
}
