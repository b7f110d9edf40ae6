import { PeerPayload, RaftMessage } from '@app/core';
import { estimatePayloadBytes } from './payload-size';

const h = { group: 'control', from: 'n1', to: 'n2', term: 3 };
const p = (message: RaftMessage): PeerPayload => ({ channel: 'raft', message });

describe('estimatePayloadBytes', () => {
  const samples: RaftMessage[] = [
    { ...h, type: 'append', prevIndex: 4, prevTerm: 2, commit: 4, entries: [5, 6, 7].map((index) => ({ index, term: 3, kind: 'normal', data: 'd'.repeat(5000) })) },
    { ...h, type: 'append', prevIndex: 4, prevTerm: 2, commit: 4, entries: [] },
    { ...h, type: 'snapshot', snapshot: { meta: { index: 9, term: 2, conf: { voters: ['n1', 'n2', 'n3'], learners: [] } }, data: 's'.repeat(20_000) } },
    { ...h, type: 'heartbeat', commit: 3, context: 'ctx-1234' },
    { ...h, type: 'append-resp', reject: false, index: 1_000_000, hintIndex: 0, hintTerm: 0 },
    { ...h, type: 'vote', lastLogIndex: 1_000_000, lastLogTerm: 77, transfer: false },
  ];

  it.each(samples.map((m) => [m.type, m] as const))('is not below the JSON length of an unescaped %s', (_t, m) => {
    const actual = JSON.stringify(p(m)).length;
    expect(estimatePayloadBytes(p(m))).toBeGreaterThanOrEqual(actual);
    // ... and not wildly above it for large payloads (it drives how full frames get).
    if (actual > 10_000) expect(estimatePayloadBytes(p(m))).toBeLessThan(actual * 1.1);
  });
});
