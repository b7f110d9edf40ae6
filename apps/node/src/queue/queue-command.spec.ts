import { decodeQueueEntry, encodeQueueEntry } from './queue-command';

describe('queue log entries', () => {
  it('round-trips an entry with its queue settings', () => {
    const e = { queue: 'orders', command: { type: 'produce' as const, id: 'm1', data: '{"a":1}', now: 5 }, config: { maxDeliveries: 5, dedupeWindowMs: 1000 } };
    expect(decodeQueueEntry(encodeQueueEntry(e))).toEqual(e);
  });

  it.each([
    ['not JSON', 'nope'],
    ['no queue', '{"command":{"type":"ack","ackToken":"t","now":1}}'],
    ['command not an object', '{"queue":"q","command":[1]}'],
    ['unknown command type', '{"queue":"q","command":{"type":"drop","now":1}}'],
    ['bad settings', '{"queue":"q","command":{"type":"ack","ackToken":"t","now":1},"config":{"maxDeliveries":1.5,"dedupeWindowMs":1}}'],
  ])('refuses %s', (_label, data) => {
    expect(decodeQueueEntry(data)).toBeNull();
  });
});
