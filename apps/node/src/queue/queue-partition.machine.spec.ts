import { LogEntry } from '@app/core';
import { QueueCommand, QueueResult } from '@app/queue';
import { encodeQueueEntry, QueueEntry } from './queue-command';
import { QueuePartitionMachine } from './queue-partition.machine';

let index = 0;
function entry(e: QueueEntry | string): LogEntry {
  return { index: ++index, term: 1, kind: 'normal', data: typeof e === 'string' ? e : encodeQueueEntry(e) };
}

const produce = (id: string, now = 1000, extra: Partial<Extract<QueueCommand, { type: 'produce' }>> = {}): QueueCommand => ({ type: 'produce', id, data: JSON.stringify({ id }), now, ...extra });
const deliver = (receipts: string[], now = 1000, visibilityMs = 100): QueueCommand => ({ type: 'deliver', consumer: 'c', max: receipts.length, visibilityMs, now, receipts });

describe('QueuePartitionMachine', () => {
  it('keeps one partition state per queue, created by the first produce', () => {
    const m = new QueuePartitionMachine();
    expect(m.apply(entry({ queue: 'a', command: produce('m1') }))).toMatchObject({ type: 'produced', messageId: 'm1', seq: 0 });
    expect(m.apply(entry({ queue: 'b', command: produce('m2') }))).toMatchObject({ type: 'produced', messageId: 'm2', seq: 0 });
    expect(m.names()).toEqual(['a', 'b']);
    const d = m.apply(entry({ queue: 'a', command: deliver(['r1', 'r2']) })) as Extract<QueueResult, { type: 'delivered' }>;
    expect(d.deliveries.map((x) => x.messageId)).toEqual(['m1']);
    expect(m.stats('a')).toEqual({ depth: 0, inFlight: 1, deadLetters: 0, nextSeq: 1 });
    expect(m.stats('b')).toEqual({ depth: 1, inFlight: 0, deadLetters: 0, nextSeq: 1 });
  });

  it('answers commands on an unknown queue like an empty queue, without creating it', () => {
    const m = new QueuePartitionMachine();
    expect(m.apply(entry({ queue: 'x', command: deliver(['r']) }))).toEqual({ type: 'delivered', deliveries: [], deadLettered: [] });
    expect(m.apply(entry({ queue: 'x', command: { type: 'ack', ackToken: 't', now: 1 } }))).toEqual({ type: 'notFound' });
    expect(m.apply(entry({ queue: 'x', command: { type: 'nack', ackToken: 't', now: 1 } }))).toEqual({ type: 'notFound' });
    expect(m.apply(entry({ queue: 'x', command: { type: 'expireVisibility', now: 1 } }))).toEqual({ type: 'expired', returned: [], deadLettered: [] });
    expect(m.names()).toEqual([]);
  });

  it('rejects malformed entries without throwing or changing state', () => {
    const m = new QueuePartitionMachine();
    m.apply(entry({ queue: 'a', command: produce('m1') }));
    const before = m.snapshot();
    expect(m.apply(entry('not json'))).toMatchObject({ type: 'rejected' });
    expect(m.apply(entry('{"queue":"a","command":{"type":"explode","now":1}}'))).toMatchObject({ type: 'rejected' });
    expect(m.apply(entry('{"queue":"a","command":{"type":"deliver","now":1}}'))).toMatchObject({ type: 'rejected' });
    expect(m.apply(entry('{"queue":"a","command":{"type":"produce","id":"z","data":"1","now":1},"config":{"maxDeliveries":0,"dedupeWindowMs":1}}'))).toMatchObject({ type: 'rejected' });
    expect(m.snapshot()).toBe(before);
  });

  it("takes a queue's settings from the produce that created it, not from the applying node", () => {
    const m = new QueuePartitionMachine();
    m.apply(entry({ queue: 'a', command: produce('m1'), config: { maxDeliveries: 1, dedupeWindowMs: 1000 } }));
    // A later produce carrying other settings does not change them.
    m.apply(entry({ queue: 'a', command: produce('m2'), config: { maxDeliveries: 9, dedupeWindowMs: 1000 } }));
    const d = m.apply(entry({ queue: 'a', command: deliver(['r1']) })) as Extract<QueueResult, { type: 'delivered' }>;
    expect(m.apply(entry({ queue: 'a', command: { type: 'nack', ackToken: d.deliveries[0].ackToken, now: 1001 } }))).toMatchObject({ type: 'nacked', deadLettered: true });
    expect(m.pendingDeadLetters('a').map((x) => x.messageId)).toEqual(['m1']);
  });

  it('tells whether a deliver would find a message, counting in-flight deliveries past their deadline', () => {
    const m = new QueuePartitionMachine();
    expect(m.hasDeliverable('a', 0)).toBe(false);
    m.apply(entry({ queue: 'a', command: produce('m1') }));
    expect(m.hasDeliverable('a', 1000)).toBe(true);
    m.apply(entry({ queue: 'a', command: deliver(['r1'], 1000, 100) }));
    expect(m.nextDeadline('a')).toBe(1100);
    expect(m.hasDeliverable('a', 1099)).toBe(false);
    expect(m.hasDeliverable('a', 1100)).toBe(true);
    m.apply(entry({ queue: 'a', command: { type: 'ack', ackToken: 'r1', now: 1050 } }));
    expect(m.nextDeadline('a')).toBeUndefined();
    expect(m.hasDeliverable('a', 5000)).toBe(false);
  });

  it('lists the due work: queues past a visibility deadline, queues with dead letters', () => {
    const m = new QueuePartitionMachine();
    m.apply(entry({ queue: 'a', command: produce('m1'), config: { maxDeliveries: 1, dedupeWindowMs: 1000 } }));
    m.apply(entry({ queue: 'b', command: produce('m2') }));
    m.apply(entry({ queue: 'a', command: deliver(['ra'], 1000, 100) }));
    m.apply(entry({ queue: 'b', command: deliver(['rb'], 1000, 500) }));
    expect(m.dueWork(1099)).toEqual({ expire: [], deadLetters: [] });
    expect(m.dueWork(1100)).toEqual({ expire: ['a'], deadLetters: [] });
    m.apply(entry({ queue: 'a', command: { type: 'expireVisibility', now: 1100 } }));
    expect(m.dueWork(1500)).toEqual({ expire: ['b'], deadLetters: ['a'] });
  });

  it('notifies listeners of the queue a command touched', () => {
    const m = new QueuePartitionMachine();
    const seen: string[] = [];
    const off = m.onChange((q) => seen.push(q));
    m.apply(entry({ queue: 'a', command: produce('m1') }));
    m.apply(entry({ queue: 'b', command: produce('m2') }));
    off();
    m.apply(entry({ queue: 'a', command: produce('m3') }));
    expect(seen).toEqual(['a', 'b']);
  });

  it('restores from its snapshot to a machine that answers the same (twin check)', () => {
    const a = new QueuePartitionMachine();
    const commands: QueueEntry[] = [
      { queue: 'q1', command: produce('m1', 10, { idempotencyKey: 'k1' }), config: { maxDeliveries: 2, dedupeWindowMs: 10_000 } },
      { queue: 'q1', command: produce('m2', 11) },
      { queue: 'q2', command: produce('m3', 12) },
      { queue: 'q1', command: deliver(['r1'], 20, 50) },
    ];
    for (const c of commands) a.apply(entry(c));
    const b = new QueuePartitionMachine();
    b.restore(a.snapshot());
    expect(b.snapshot()).toBe(a.snapshot());
    const next: QueueEntry[] = [
      { queue: 'q1', command: produce('m4', 30, { idempotencyKey: 'k1' }) },
      { queue: 'q1', command: { type: 'expireVisibility', now: 80 } },
      { queue: 'q1', command: deliver(['r2', 'r3'], 81, 10) },
      { queue: 'q1', command: { type: 'nack', ackToken: 'r2', now: 82 } },
      { queue: 'q1', command: { type: 'ack', ackToken: 'r1', now: 83 } },
    ];
    for (const c of next) expect(b.apply(entry(c))).toEqual(a.apply(entry(c)));
    expect(b.snapshot()).toBe(a.snapshot());
    expect(a.pendingDeadLetters('q1').map((d) => d.messageId)).toEqual(['m1']);
  });

  it('restores an empty snapshot to an empty machine', () => {
    const m = new QueuePartitionMachine();
    m.apply(entry({ queue: 'a', command: produce('m1') }));
    m.restore('');
    expect(m.names()).toEqual([]);
  });
});
