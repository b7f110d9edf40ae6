import { Clock, LogEntry } from '@app/core';
import { NodeConfig } from '../config/node-config';
import { NotLeaderError, ProposalFailedError } from '../consensus/consensus-errors';
import { ApplyOutcome } from '../consensus/proposal-tracker';
import { RaftGroup } from '../consensus/raft-group';
import { decodeQueueEntry } from './queue-command';
import { QueuePartitionMachine } from './queue-partition.machine';
import { HostedPartition, QueuePartitions } from './queue-partitions.service';
import { QueueWaiters } from './queue-waiters';
import { QueueService } from './queue.service';

/** A partition group that applies each proposal when the test says so (or at once). */
class FakeGroup {
  role: 'leader' | 'follower' = 'leader';
  leader: string | null = 'node1';
  autoApply = true;
  barriers = 0;
  readonly proposed: string[] = [];
  private readonly held: (() => void)[] = [];
  private index = 0;

  constructor(private readonly machine: QueuePartitionMachine) {}

  status(): { role: string; leader: string | null; term: number; commit: number } {
    return { role: this.role, leader: this.leader, term: 1, commit: this.index };
  }

  readBarrier(): Promise<number> {
    this.barriers++;
    return Promise.resolve(this.index);
  }

  propose(data: string): Promise<ApplyOutcome> {
    if (this.role !== 'leader') return Promise.reject(new NotLeaderError(this.leader));
    this.proposed.push(decodeQueueEntry(data)!.command.type);
    return new Promise((resolve) => {
      const apply = (): void => {
        const entry: LogEntry = { index: ++this.index, term: 1, kind: 'normal', data };
        resolve({ index: entry.index, term: 1, result: this.machine.apply(entry) });
      };
      if (this.autoApply) apply();
      else this.held.push(apply);
    });
  }

  applyHeld(): void {
    for (const apply of this.held.splice(0)) apply();
  }
}

describe('QueueService (on a fake partition group)', () => {
  let machine: QueuePartitionMachine;
  let group: FakeGroup;
  let partition: HostedPartition;
  let waiters: QueueWaiters;
  let service: QueueService;
  let now: number;
  let clockFollowsFakeTime: boolean;

  beforeEach(() => {
    now = 1_000_000;
    clockFollowsFakeTime = false;
    machine = new QueuePartitionMachine();
    group = new FakeGroup(machine);
    waiters = new QueueWaiters();
    machine.onChange((queue) => waiters.notify(QueueWaiters.key(2, queue)));
    partition = { info: { index: 2, group: 'q/2', replicas: ['node1', 'node2', 'node3'] }, group: group as unknown as RaftGroup, machine };
    const config = { nodeId: 'node1', queue: { partitions: 8, replication: 3, maxDeliveries: 2, visibilityMs: 30_000, maxWaitMs: 20_000, dedupeWindowMs: 60_000 } } as unknown as NodeConfig;
    const clock: Clock = { now: () => (clockFollowsFakeTime ? Date.now() : now) };
    service = new QueueService(config, { waiters } as unknown as QueuePartitions, clock);
  });

  const consume = (extra: Partial<Parameters<QueueService['consume']>[1]> = {}) => service.consume(partition, { queue: 'orders', consumer: 'c1', max: 1, batch: false, waitMs: 0, visibilityMs: 1000, ...extra });

  it('an empty queue: confirms with a read barrier, proposes nothing, answers 204', async () => {
    expect(await consume()).toEqual({ status: 204 });
    expect(group.barriers).toBe(1);
    expect(group.proposed).toEqual([]);
  });

  it('produce answers 201 after apply; consume delivers one object, or a batch with max > 1', async () => {
    const p = await service.produce(partition, { queue: 'orders', data: '{"n":1}' });
    expect(p).toMatchObject({ status: 201, body: { queue: 'orders', partition: 2, offset: 0, index: 1, duplicate: false, leader: 'node1' } });
    await service.produce(partition, { queue: 'orders', data: '{"n":2}' });
    await service.produce(partition, { queue: 'orders', data: '{"n":3}' });
    const one = await consume();
    expect(one).toMatchObject({ status: 200, body: { data: { n: 1 }, delivery_count: 1, offset: 0 } });
    const batch = await consume({ max: 5, batch: true });
    expect(batch).toMatchObject({ status: 200, body: { count: 2, messages: [{ data: { n: 2 } }, { data: { n: 3 } }] } });
    expect(group.proposed).toEqual(['produce', 'produce', 'produce', 'deliver', 'deliver']);
  });

  it('user idempotency keys and dead-letter moves do not share a key space', async () => {
    const a = await service.produce(partition, { queue: 'orders', data: '1', idempotencyKey: 'm-1' });
    const b = await service.produce(partition, { queue: 'orders', data: '1', deadLetterOf: 'm-1' });
    const c = await service.produce(partition, { queue: 'orders', data: '1', deadLetterOf: 'm-1' });
    expect((b.body as { duplicate: boolean }).duplicate).toBe(false);
    expect(c.body).toMatchObject({ duplicate: true, message_id: (b.body as { message_id: string }).message_id });
    expect((a.body as { message_id: string }).message_id).not.toBe((b.body as { message_id: string }).message_id);
  });

  it('a follower refuses with the leader it knows (the forwarder replays there)', async () => {
    group.role = 'follower';
    group.leader = 'node3';
    await expect(consume()).rejects.toMatchObject({ leader: 'node3' });
    await expect(service.produce(partition, { queue: 'orders', data: '1' })).rejects.toBeInstanceOf(NotLeaderError);
  });

  it('concurrent consumers of one message propose one deliver; the other keeps waiting', async () => {
    jest.useFakeTimers({ now: now });
    try {
      // The clock follows jest's fake time, so wait_ms runs out when the test advances it.
      clockFollowsFakeTime = true;
      await service.produce(partition, { queue: 'orders', data: '"only"' });
      group.autoApply = false;
      const first = consume({ waitMs: 60 });
      const second = consume({ waitMs: 60 });
      await jest.advanceTimersByTimeAsync(0);
      expect(group.proposed.filter((t) => t === 'deliver')).toHaveLength(1);
      group.applyHeld();
      await jest.advanceTimersByTimeAsync(100);
      const answers = await Promise.all([first, second]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 204]);
      expect(group.proposed.filter((t) => t === 'deliver')).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('a long poll is answered by the produce that arrives while it waits', async () => {
    const poll = consume({ waitMs: 5000 });
    await new Promise((r) => setImmediate(r));
    await service.produce(partition, { queue: 'orders', data: '"late"' });
    expect(await poll).toMatchObject({ status: 200, body: { data: 'late' } });
  });

  it('ack and nack map to 200, 404 and 409', async () => {
    await service.produce(partition, { queue: 'orders', data: '1' });
    const d1 = (await consume()).body as { ack_token: string };
    expect(await service.settle(partition, 'orders', 'nack', d1.ack_token)).toMatchObject({ status: 200, body: { status: 'nacked', dead_lettered: false } });
    const d2 = (await consume()).body as { ack_token: string };
    expect(await service.settle(partition, 'orders', 'ack', d1.ack_token)).toMatchObject({ status: 409, body: { error: 'conflict', reason: 'redelivered' } });
    expect(await service.settle(partition, 'orders', 'ack', 'nope')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await service.settle(partition, 'orders', 'ack', d2.ack_token)).toMatchObject({ status: 200, body: { status: 'acked', duplicate: false } });
  });

  it('at shutdown a waiting long poll fails at once with 503 (stopped)', async () => {
    const poll = consume({ waitMs: 60_000 });
    await new Promise((r) => setImmediate(r));
    service.shutdown();
    await expect(poll).rejects.toBeInstanceOf(ProposalFailedError);
  });
});
