import { PeerPayload } from '@app/core';
import { InboundValidator } from './inbound-validator';
import { TransportCounters } from './transport-counters';

const members = new Set(['n1', 'n2', 'n3']);
const payload = (from: string, to: string): PeerPayload => ({
  channel: 'raft',
  message: { group: 'control', from, to, term: 2, type: 'vote-resp', reject: false },
});

function setup() {
  const counters = new TransportCounters();
  const v = new InboundValidator({ self: 'n1', isMember: (id) => members.has(id), maxBatchBytes: 1000 }, counters);
  return { counters, v };
}

describe('InboundValidator', () => {
  it('accepts a well-formed batch from a member', () => {
    const { v, counters } = setup();
    const batch = { v: 1, from: 'n2', payloads: [payload('n2', 'n1'), payload('n2', 'n1')] };
    expect(v.acceptBatch(v.parseFrame(JSON.stringify(batch)))).toEqual({ from: 'n2', payloads: batch.payloads });
    expect(counters.snapshot(0)).toMatchObject({ rejectedInbound: 0, framesReceived: 1 });
  });

  it('refuses oversize frames and garbage JSON before parsing the batch', () => {
    const { v, counters } = setup();
    expect(v.parseFrame('x'.repeat(1001))).toBeUndefined();
    expect(v.parseFrame('{"v":1,')).toBeUndefined();
    expect(counters.snapshot(0).rejectedByReason).toEqual({ oversize: 1, 'bad-json': 1 });
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a wrong version', { v: 2, from: 'n2', payloads: [] }],
    ['a missing sender', { v: 1, payloads: [] }],
    ['payloads not an array', { v: 1, from: 'n2', payloads: {} }],
  ])('refuses a batch with %s as bad-batch', (_what, data) => {
    const { v, counters } = setup();
    expect(v.acceptBatch(data)).toBeNull();
    expect(counters.snapshot(0).rejectedByReason).toEqual({ 'bad-batch': 1 });
  });

  it('refuses batches from strangers and from itself', () => {
    const { v, counters } = setup();
    expect(v.acceptBatch({ v: 1, from: 'mallory', payloads: [payload('mallory', 'n1')] })).toBeNull();
    expect(v.acceptBatch({ v: 1, from: 'n1', payloads: [] })).toBeNull();
    expect(counters.snapshot(0).rejectedByReason).toEqual({ 'unknown-sender': 2 });
  });

  it('drops only the bad payloads of a batch and counts each', () => {
    const { v, counters } = setup();
    const good = payload('n3', 'n1');
    const accepted = v.acceptBatch({
      v: 1,
      from: 'n3',
      payloads: [good, { channel: 'raft', message: { type: 'vote-resp' } }, payload('n2', 'n1'), payload('n3', 'n2'), 'junk', good],
    });
    expect(accepted?.payloads).toEqual([good, good]);
    expect(counters.snapshot(0).rejectedByReason).toEqual({ 'malformed-payload': 2, 'sender-mismatch': 1, 'wrong-recipient': 1 });
    expect(counters.snapshot(0).rejectedInbound).toBe(4);
  });
});
