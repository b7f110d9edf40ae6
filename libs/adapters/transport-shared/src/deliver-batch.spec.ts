import { PeerPayload } from '@app/core';
import { deliverBatch } from './deliver-batch';
import { TransportCounters } from './transport-counters';

const hb = (context: string): PeerPayload => ({
  channel: 'raft',
  message: { group: 'control', from: 'n2', to: 'n1', term: 1, type: 'heartbeat', commit: 0, context },
});

describe('deliverBatch', () => {
  it('delivers every payload in order, counting a throwing handler without stopping the batch', () => {
    const counters = new TransportCounters();
    const seen: string[] = [];
    const errors: unknown[] = [];
    const handler = (from: string, p: PeerPayload): void => {
      const ctx = p.message.type === 'heartbeat' ? p.message.context : '?';
      if (ctx === 'bad') throw new Error('handler bug');
      seen.push(`${from}:${ctx}`);
    };
    deliverBatch({ from: 'n2', payloads: [hb('a'), hb('bad'), hb('c')] }, handler, counters, (e) => errors.push(e));
    expect(seen).toEqual(['n2:a', 'n2:c']);
    expect(errors).toHaveLength(1);
    expect(counters.snapshot(0)).toMatchObject({ received: 3, handlerErrors: 1 });
  });

  it('counts payloads as received when no handler is set yet', () => {
    const counters = new TransportCounters();
    deliverBatch({ from: 'n2', payloads: [hb('a')] }, null, counters);
    expect(counters.snapshot(0).received).toBe(1);
  });
});
