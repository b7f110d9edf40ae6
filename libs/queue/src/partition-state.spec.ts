import { QueueCommand } from './commands';
import { PartitionState } from './partition-state';
import { Delivery, QueueResult } from './results';

const produce = (id: string, now = 0, idempotencyKey?: string): QueueCommand => ({ type: 'produce', id, data: `{"id":"${id}"}`, now, idempotencyKey });
const deliver = (receipts: string[], now = 0, visibilityMs = 1000, max = receipts.length): QueueCommand => ({
  type: 'deliver',
  consumer: 'c1',
  max,
  visibilityMs,
  now,
  receipts,
});

function deliveries(r: QueueResult): Delivery[] {
  if (r.type !== 'delivered') throw new Error(`expected delivered, got ${r.type}`);
  return [...r.deliveries];
}

describe('PartitionState', () => {
  it('produces with increasing seqs and delivers first deliveries in FIFO order', () => {
    const s = new PartitionState();
    expect(s.apply(produce('a'))).toEqual({ type: 'produced', messageId: 'a', seq: 0, duplicate: false });
    s.apply(produce('b'));
    s.apply(produce('c'));
    const got = deliveries(s.apply(deliver(['r1', 'r2'])));
    expect(got.map((d) => [d.messageId, d.ackToken, d.deliveryCount, d.visibleAt])).toEqual([
      ['a', 'r1', 1, 1000],
      ['b', 'r2', 1, 1000],
    ]);
    expect(got[0].data).toBe('{"id":"a"}');
    expect(deliveries(s.apply(deliver(['r3', 'r4']))).map((d) => d.messageId)).toEqual(['c']);
    expect(s.stats()).toEqual({ depth: 0, inFlight: 3, deadLetters: 0, nextSeq: 3 });
  });

  it('delivers nothing from an empty partition', () => {
    expect(deliveries(new PartitionState().apply(deliver(['r1'])))).toEqual([]);
  });

  it('ack removes the message; a retried ack with the same token is a duplicate success', () => {
    const s = new PartitionState();
    s.apply(produce('a'));
    s.apply(deliver(['r1']));
    expect(s.apply({ type: 'ack', ackToken: 'r1', now: 1 })).toEqual({ type: 'acked', messageId: 'a', duplicate: false });
    expect(s.apply({ type: 'ack', ackToken: 'r1', now: 2 })).toEqual({ type: 'acked', messageId: 'a', duplicate: true });
    expect(s.stats()).toMatchObject({ depth: 0, inFlight: 0 });
    expect(deliveries(s.apply(deliver(['r2'], 5000)))).toEqual([]);
  });

  it('unknown token: not found, nothing changes', () => {
    const s = new PartitionState();
    s.apply(produce('a'));
    expect(s.apply({ type: 'ack', ackToken: 'nope', now: 0 })).toEqual({ type: 'notFound' });
    expect(s.apply({ type: 'nack', ackToken: 'nope', now: 0 })).toEqual({ type: 'notFound' });
    expect(s.stats().depth).toBe(1);
  });

  it('visibility timeout makes a message visible again, ahead of newer messages', () => {
    const s = new PartitionState();
    s.apply(produce('a'));
    s.apply(deliver(['r1'], 0, 100));
    s.apply(produce('b', 10));
    expect(s.apply({ type: 'expireVisibility', now: 99 })).toEqual({ type: 'expired', returned: [], deadLettered: [] });
    expect(s.apply({ type: 'expireVisibility', now: 100 })).toEqual({ type: 'expired', returned: ['a'], deadLettered: [] });
    const again = deliveries(s.apply(deliver(['r2'], 150)));
    expect(again.map((d) => [d.messageId, d.deliveryCount])).toEqual([['a', 2]]);
  });

  it('deliver itself returns messages whose deadline passed', () => {
    const s = new PartitionState();
    s.apply(produce('a'));
    s.apply(deliver(['r1'], 0, 100));
    expect(deliveries(s.apply(deliver(['r2'], 100))).map((d) => d.ackToken)).toEqual(['r2']);
  });

  it('ack after redelivery is a conflict and changes nothing; the new token still acks', () => {
    const s = new PartitionState();
    s.apply(produce('a'));
    s.apply(deliver(['r1'], 0, 100));
    s.apply(deliver(['r2'], 200, 100));
    expect(s.apply({ type: 'ack', ackToken: 'r1', now: 210 })).toEqual({ type: 'conflict', messageId: 'a', reason: 'redelivered' });
    expect(s.stats().inFlight).toBe(1);
    expect(s.apply({ type: 'ack', ackToken: 'r2', now: 220 })).toMatchObject({ type: 'acked', messageId: 'a' });
    expect(s.apply({ type: 'ack', ackToken: 'r1', now: 230 })).toEqual({ type: 'conflict', messageId: 'a', reason: 'acked' });
  });

  it('a receipt stays valid after its deadline until the message is delivered again', () => {
    const s = new PartitionState();
    s.apply(produce('a'));
    s.apply(produce('b'));
    s.apply(deliver(['r1'], 0, 100));
    s.apply({ type: 'expireVisibility', now: 150 });
    expect(s.apply({ type: 'ack', ackToken: 'r1', now: 160 })).toMatchObject({ type: 'acked', messageId: 'a' });
    expect(s.stats().depth).toBe(1);
    expect(deliveries(s.apply(deliver(['r2', 'r3'], 170))).map((d) => d.messageId)).toEqual(['b']);
  });

  it('nack makes the message visible at once; a stale nack conflicts', () => {
    const s = new PartitionState();
    s.apply(produce('a'));
    s.apply(deliver(['r1']));
    expect(s.apply({ type: 'nack', ackToken: 'r1', now: 1 })).toEqual({ type: 'nacked', messageId: 'a', deadLettered: false });
    expect(deliveries(s.apply(deliver(['r2'], 2))).map((d) => [d.messageId, d.deliveryCount])).toEqual([['a', 2]]);
    expect(s.apply({ type: 'nack', ackToken: 'r1', now: 3 })).toEqual({ type: 'conflict', messageId: 'a', reason: 'redelivered' });
  });

  it('after maxDeliveries the message goes to the dead letters, and its tokens answer conflict', () => {
    const s = new PartitionState({ maxDeliveries: 3, dedupeWindowMs: 10_000 });
    s.apply(produce('a'));
    s.apply(produce('b'));
    for (let i = 1; i <= 2; i++) {
      expect(deliveries(s.apply(deliver([`r${i}`], i * 10, 1)))[0].messageId).toBe('a');
      s.apply({ type: 'nack', ackToken: `r${i}`, now: i * 10 });
    }
    s.apply(deliver(['r3'], 30, 5));
    const expired = s.apply({ type: 'expireVisibility', now: 35 });
    expect(expired).toMatchObject({ type: 'expired', returned: [], deadLettered: [{ messageId: 'a', deliveryCount: 3, deadAt: 35, data: '{"id":"a"}' }] });
    expect(s.stats()).toMatchObject({ depth: 1, inFlight: 0, deadLetters: 1 });
    expect(s.apply({ type: 'ack', ackToken: 'r3', now: 36 })).toEqual({ type: 'conflict', messageId: 'a', reason: 'dead-lettered' });
    expect(deliveries(s.apply(deliver(['r4', 'r5'], 40))).map((d) => d.messageId)).toEqual(['b']);
    expect(s.pendingDeadLetters().map((d) => d.messageId)).toEqual(['a']);
    expect(s.apply({ type: 'releaseDeadLetters', ids: ['a', 'zz'], now: 41 })).toEqual({ type: 'released', count: 1 });
    expect(s.stats().deadLetters).toBe(0);
  });

  it('a nack of the last allowed delivery dead-letters the message', () => {
    const s = new PartitionState({ maxDeliveries: 1, dedupeWindowMs: 10 });
    s.apply(produce('a'));
    s.apply(deliver(['r1']));
    expect(s.apply({ type: 'nack', ackToken: 'r1', now: 1 })).toEqual({ type: 'nacked', messageId: 'a', deadLettered: true });
    expect(s.stats()).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 1 });
  });

  it('dedupes produces with the same Idempotency-Key within the window only', () => {
    const s = new PartitionState({ maxDeliveries: 5, dedupeWindowMs: 1000 });
    expect(s.apply(produce('a', 0, 'k'))).toMatchObject({ duplicate: false, messageId: 'a' });
    expect(s.apply(produce('b', 999, 'k'))).toEqual({ type: 'produced', messageId: 'a', seq: 0, duplicate: true });
    expect(s.apply(produce('c', 1000, 'k'))).toEqual({ type: 'produced', messageId: 'c', seq: 1, duplicate: false });
    expect(s.stats().depth).toBe(2);
  });

  it('a retried produce with the same message id is a duplicate', () => {
    const s = new PartitionState();
    s.apply(produce('a'));
    expect(s.apply(produce('a', 5))).toEqual({ type: 'produced', messageId: 'a', seq: 0, duplicate: true });
    expect(s.stats().depth).toBe(1);
  });

  it('rejects malformed commands without changing anything', () => {
    const s = new PartitionState();
    s.apply(produce('a'));
    s.apply(deliver(['r1']));
    const before = JSON.stringify(s.snapshot());
    const bad: QueueCommand[] = [
      { type: 'produce', id: '', data: 'x', now: 1 },
      deliver(['r2'], 1, 10, 0),
      deliver(['r2'], 1, -1),
      deliver(['r2', 'r2'], 1),
      deliver(['r1'], 1),
      { type: 'ack', ackToken: 'r1', now: Number.NaN },
    ];
    for (const c of bad) expect(s.apply(c).type).toBe('rejected');
    expect(JSON.stringify(s.snapshot())).toBe(before);
  });

  it('delivers at most max and at most one per receipt', () => {
    const s = new PartitionState();
    for (const id of ['a', 'b', 'c']) s.apply(produce(id));
    expect(deliveries(s.apply(deliver(['r1', 'r2', 'r3'], 0, 10, 2))).length).toBe(2);
    expect(deliveries(s.apply(deliver(['r4'], 0, 10, 5))).length).toBe(1);
  });

  it('reports the next deadline for the leader to schedule expireVisibility', () => {
    const s = new PartitionState();
    expect(s.nextDeadline()).toBeUndefined();
    s.apply(produce('a'));
    s.apply(produce('b'));
    s.apply(deliver(['r1'], 0, 300));
    s.apply(deliver(['r2'], 10, 100));
    expect(s.nextDeadline()).toBe(110);
  });

  it('snapshot and restore give a state that answers the same', () => {
    const s = new PartitionState({ maxDeliveries: 2, dedupeWindowMs: 500 });
    s.apply(produce('a', 0, 'ka'));
    s.apply(produce('b', 1));
    s.apply(produce('c', 2));
    s.apply(deliver(['r1'], 3, 50));
    s.apply(deliver(['r2'], 4, 50));
    s.apply({ type: 'ack', ackToken: 'r2', now: 5 });
    s.apply({ type: 'expireVisibility', now: 60 });
    s.apply(deliver(['r3'], 61, 10));
    s.apply({ type: 'expireVisibility', now: 80 });
    const copy = PartitionState.restore(JSON.parse(JSON.stringify(s.snapshot())), s.config);
    expect(copy.snapshot()).toEqual(s.snapshot());
    const next: QueueCommand[] = [
      produce('d', 90, 'ka'),
      { type: 'ack', ackToken: 'r2', now: 91 },
      { type: 'ack', ackToken: 'r3', now: 92 },
      deliver(['r4', 'r5', 'r6'], 93, 10),
      { type: 'ack', ackToken: 'r5', now: 94 },
      { type: 'expireVisibility', now: 200 },
      produce('e', 600, 'ka'),
    ];
    for (const c of next) expect(copy.apply(c)).toEqual(s.apply(c));
    expect(copy.stats()).toEqual(s.stats());
  });
});
