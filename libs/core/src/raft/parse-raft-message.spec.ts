import { RAFT_MESSAGE_TYPES, RaftMessage, RaftMessageType } from './raft-message';
import { parseRaftMessage } from './parse-raft-message';

const h = { group: 'control', from: 'node1', to: 'node2', term: 3 };

/** One valid message of every type; the record type makes a missing variant a compile error. */
const VALID: Record<RaftMessageType, RaftMessage> = {
  'pre-vote': { ...h, type: 'pre-vote', lastLogIndex: 10, lastLogTerm: 2 },
  'pre-vote-resp': { ...h, type: 'pre-vote-resp', reject: false },
  vote: { ...h, type: 'vote', lastLogIndex: 10, lastLogTerm: 2, transfer: true },
  'vote-resp': { ...h, type: 'vote-resp', reject: true },
  append: {
    ...h,
    type: 'append',
    prevIndex: 4,
    prevTerm: 2,
    commit: 4,
    entries: [
      { index: 5, term: 3, kind: 'normal', data: '{"op":"x"}' },
      { index: 6, term: 3, kind: 'conf', data: '{"type":"add-learner","node":"node4"}' },
    ],
  },
  'append-resp': { ...h, type: 'append-resp', reject: true, index: 7, hintIndex: 3, hintTerm: 1 },
  heartbeat: { ...h, type: 'heartbeat', commit: 9, context: '' },
  'heartbeat-resp': { ...h, type: 'heartbeat-resp', context: 'r1' },
  snapshot: {
    ...h,
    type: 'snapshot',
    snapshot: { meta: { index: 100, term: 3, conf: { voters: ['node1', 'node2', 'node3'], learners: ['node4'] } }, data: '{}' },
  },
  'timeout-now': { ...h, type: 'timeout-now' },
  'read-index': { ...h, type: 'read-index', context: 'ctx' },
  'read-index-resp': { ...h, type: 'read-index-resp', context: 'ctx', index: -1 },
};

/** Round trip through JSON, as a transport does. */
const wire = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

function withField(m: RaftMessage, key: string, value: unknown): unknown {
  return { ...wire(m) as object, [key]: value };
}

function without(m: RaftMessage, key: string): unknown {
  const copy = wire(m) as Record<string, unknown>;
  delete copy[key];
  return copy;
}

describe('parseRaftMessage', () => {
  it('covers every message type in the fixtures', () => {
    expect(Object.keys(VALID).sort()).toEqual([...RAFT_MESSAGE_TYPES].sort());
  });

  it.each(RAFT_MESSAGE_TYPES.map((t) => [t]))('accepts a valid %s after a JSON round trip', (t) => {
    expect(parseRaftMessage(wire(VALID[t]))).toEqual(VALID[t]);
  });

  it('strips unknown properties so they never reach the core', () => {
    const parsed = parseRaftMessage({ ...VALID.heartbeat, evil: { deep: true } });
    expect(parsed).toEqual(VALID.heartbeat);
    expect(parsed).not.toHaveProperty('evil');
  });

  it('accepts an append with no entries and a large well-formed batch', () => {
    const empty = { ...VALID.append, entries: [] };
    expect(parseRaftMessage(wire(empty))).toEqual(empty);
    const entries = Array.from({ length: 5000 }, (_, i) => ({ index: 5 + i, term: 3, kind: 'normal' as const, data: 'x' }));
    const big = { ...VALID.append, entries };
    expect(parseRaftMessage(wire(big))).toEqual(big);
  });

  it.each([null, undefined, 42, 'append', [], [VALID.heartbeat], true])('rejects a non-object %p', (x) => {
    expect(parseRaftMessage(x)).toBeNull();
  });

  it('rejects an unknown type and a missing type', () => {
    expect(parseRaftMessage(withField(VALID.heartbeat, 'type', 'heartbleed'))).toBeNull();
    expect(parseRaftMessage(without(VALID.heartbeat, 'type'))).toBeNull();
    expect(parseRaftMessage(withField(VALID.heartbeat, 'type', 7))).toBeNull();
  });

  describe.each(['group', 'from', 'to', 'term'])('header field %s', (field) => {
    it.each(RAFT_MESSAGE_TYPES.map((t) => [t]))('is required in %s', (t) => {
      expect(parseRaftMessage(without(VALID[t], field))).toBeNull();
    });
  });

  it.each([
    ['group', ''],
    ['group', 5],
    ['from', ''],
    ['from', null],
    ['to', ['node2']],
    ['term', -1],
    ['term', 1.5],
    ['term', NaN],
    ['term', Infinity],
    ['term', '3'],
    ['term', Number.MAX_SAFE_INTEGER + 1],
  ])('rejects header %s = %p', (field, value) => {
    expect(parseRaftMessage(withField(VALID.vote, field, value))).toBeNull();
  });

  /** [type, field, bad value]: each row must be refused. */
  const BAD_FIELDS: Array<[RaftMessageType, string, unknown]> = [
    ['pre-vote', 'lastLogIndex', -1],
    ['pre-vote', 'lastLogTerm', '2'],
    ['vote', 'transfer', 'yes'],
    ['vote', 'transfer', undefined],
    ['vote', 'lastLogIndex', NaN],
    ['pre-vote-resp', 'reject', 0],
    ['vote-resp', 'reject', null],
    ['append', 'prevIndex', -1],
    ['append', 'prevTerm', 2.5],
    ['append', 'commit', '4'],
    ['append', 'entries', null],
    ['append', 'entries', {}],
    ['append', 'entries', [null]],
    ['append', 'entries', [{ index: 5, term: 3, kind: 'normal' }]],
    ['append', 'entries', [{ index: 5, term: 3, kind: 'weird', data: '' }]],
    ['append', 'entries', [{ index: 5, term: -3, kind: 'normal', data: '' }]],
    ['append', 'entries', [{ index: 5, term: 3, kind: 'normal', data: 7 }]],
    // not contiguous after prevIndex = 4
    ['append', 'entries', [{ index: 6, term: 3, kind: 'normal', data: '' }]],
    [
      'append',
      'entries',
      [
        { index: 5, term: 3, kind: 'normal', data: '' },
        { index: 5, term: 3, kind: 'normal', data: '' },
      ],
    ],
    ['append-resp', 'reject', 'false'],
    ['append-resp', 'index', -1],
    ['append-resp', 'hintIndex', 1.1],
    ['append-resp', 'hintTerm', undefined],
    ['heartbeat', 'commit', -2],
    ['heartbeat', 'context', undefined],
    ['heartbeat-resp', 'context', 1],
    ['read-index', 'context', null],
    ['read-index-resp', 'index', -2],
    ['read-index-resp', 'index', 0.5],
    ['read-index-resp', 'context', undefined],
    ['snapshot', 'snapshot', null],
    ['snapshot', 'snapshot', { meta: { index: 1, term: 1, conf: { voters: [], learners: [] } } }],
    ['snapshot', 'snapshot', { meta: { index: -1, term: 1, conf: { voters: [], learners: [] } }, data: '' }],
    ['snapshot', 'snapshot', { meta: { index: 1, term: 1 }, data: '' }],
    ['snapshot', 'snapshot', { meta: { index: 1, term: 1, conf: { voters: 'node1', learners: [] } }, data: '' }],
    ['snapshot', 'snapshot', { meta: { index: 1, term: 1, conf: { voters: ['node1', ''], learners: [] } }, data: '' }],
    ['snapshot', 'snapshot', { meta: { index: 1, term: 1, conf: { voters: [], learners: [3] } }, data: '' }],
    ['snapshot', 'snapshot', { meta: null, data: '' }],
    // chunk: inside the snapshot, done exactly at its end (VALID.snapshot's data is 2 units long)
    ['snapshot', 'chunk', null],
    ['snapshot', 'chunk', { offset: 0, total: 2 }],
    ['snapshot', 'chunk', { offset: -1, total: 1, done: true }],
    ['snapshot', 'chunk', { offset: 0, total: 1, done: true }],
    ['snapshot', 'chunk', { offset: 0, total: 5, done: true }],
    ['snapshot', 'chunk', { offset: 3, total: 5, done: false }],
    ['snapshot', 'chunk', { offset: 0, total: 2, done: 'yes' }],
  ];

  it.each(BAD_FIELDS)('rejects %s with %s = %j', (t, field, value) => {
    expect(parseRaftMessage(withField(VALID[t], field, value))).toBeNull();
  });

  it('accepts a snapshot with empty conf lists', () => {
    const m = { ...h, type: 'snapshot' as const, snapshot: { meta: { index: 0, term: 0, conf: { voters: [], learners: [] } }, data: '' } };
    expect(parseRaftMessage(wire(m))).toEqual(m);
  });

  it('accepts snapshot chunks and keeps the chunk-less form (older senders) valid', () => {
    const first = { ...VALID.snapshot, chunk: { offset: 0, total: 5, done: false } };
    const last = { ...VALID.snapshot, chunk: { offset: 3, total: 5, done: true } };
    expect(parseRaftMessage(wire(first))).toEqual(first);
    expect(parseRaftMessage(wire(last))).toEqual(last);
    const whole = parseRaftMessage(wire(VALID.snapshot));
    expect(whole).toEqual(VALID.snapshot);
    expect(whole && 'chunk' in whole).toBe(false);
  });

  it('returns copies that do not alias the input arrays', () => {
    const input = wire(VALID.snapshot) as { snapshot: { meta: { conf: { voters: string[] } } } };
    const parsed = parseRaftMessage(input);
    input.snapshot.meta.conf.voters.push('mallory');
    expect(parsed).toEqual(VALID.snapshot);
  });
});
