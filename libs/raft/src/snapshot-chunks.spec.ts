import { RaftMessage, Snapshot } from '@app/core';
import { SnapshotAssembler, SnapshotPiece, splitSnapshot } from './snapshot-chunks';

type SnapshotMsg = Extract<RaftMessage, { type: 'snapshot' }>;

const meta = { index: 9, term: 2, conf: { voters: ['a', 'b'], learners: [] } };
const snap = (data: string): Snapshot => ({ meta, data });
const msg = (p: SnapshotPiece, from = 'a', term = 2): SnapshotMsg => ({ group: 'g', from, to: 'b', term, type: 'snapshot', ...p });

describe('splitSnapshot', () => {
  it('keeps a snapshot that fits as one chunk-less message (what older nodes understand)', () => {
    expect(splitSnapshot(snap('abc'), 3)).toEqual([{ snapshot: snap('abc') }]);
  });

  it('cuts a larger one into ordered chunks that cover it exactly, done on the last only', () => {
    const pieces = splitSnapshot(snap('abcdefghij'), 4);
    expect(pieces.map((p) => [p.snapshot.data, p.chunk])).toEqual([
      ['abcd', { offset: 0, total: 10, done: false }],
      ['efgh', { offset: 4, total: 10, done: false }],
      ['ij', { offset: 8, total: 10, done: true }],
    ]);
  });

  it('never separates a surrogate pair', () => {
    const data = 'ab\u{1F600}cd\u{1F600}';
    const pieces = splitSnapshot(snap(data), 3);
    expect(pieces.every((p) => !/[\uD800-\uDBFF]$/.test(p.snapshot.data))).toBe(true);
    expect(pieces.map((p) => p.snapshot.data).join('')).toBe(data);
  });
});

describe('SnapshotAssembler', () => {
  const data = 'abcdefghij';
  const pieces = splitSnapshot(snap(data), 4);

  it('passes a chunk-less snapshot through and assembles chunks received in order', () => {
    const a = new SnapshotAssembler();
    expect(a.add(msg({ snapshot: snap('x') }))).toEqual(snap('x'));
    expect(a.add(msg(pieces[0]))).toBeNull();
    expect(a.add(msg(pieces[1]))).toBeNull();
    expect(a.pendingBytes()).toBe(8);
    expect(a.add(msg(pieces[2]))).toEqual(snap(data));
    expect(a.pendingBytes()).toBe(0);
  });

  it('ignores chunks out of order, duplicated, or from another leader or term; offset 0 restarts', () => {
    const a = new SnapshotAssembler();
    expect(a.add(msg(pieces[1]))).toBeNull(); // no assembly started
    a.add(msg(pieces[0]));
    expect(a.add(msg(pieces[2]))).toBeNull(); // gap
    expect(a.add(msg(pieces[1], 'c'))).toBeNull(); // another sender
    expect(a.add(msg(pieces[1], 'a', 3))).toBeNull(); // another term
    expect(a.add(msg(pieces[1]))).toBeNull();
    expect(a.add(msg(pieces[1]))).toBeNull(); // duplicate: offset no longer matches
    // A resend from the start replaces the partial assembly.
    a.add(msg(pieces[0]));
    a.add(msg(pieces[1]));
    expect(a.add(msg(pieces[2]))).toEqual(snap(data));
  });
});
