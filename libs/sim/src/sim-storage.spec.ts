import { LogEntry, Snapshot } from '@app/core';
import { SimStorage, StorageContractError } from './sim-storage';

const e = (index: number, term: number, data = `v${index}`): LogEntry => ({ index, term, kind: 'normal', data });
const snap = (index: number, term: number): Snapshot => ({ meta: { index, term, conf: { voters: ['a'], learners: [] } }, data: `s${index}` });
const G = 'control';

describe('SimStorage', () => {
  it('loses on crash every write not covered by a completed fsync', () => {
    const s = new SimStorage();
    const w1 = s.write({ group: G, entries: [e(1, 1), e(2, 1)], hardState: { term: 1, vote: 'a', commit: 0 } });
    s.syncCompleted(w1);
    s.write({ group: G, entries: [e(3, 1)], hardState: { term: 2, vote: 'b', commit: 2 } });
    expect(s.current().entries.map((x) => x.index)).toEqual([1, 2, 3]);
    expect(s.crash(0)).toEqual({ lostWrites: 1 });
    const after = s.loadDurable();
    expect(after.entries.map((x) => x.index)).toEqual([1, 2]);
    expect(after.hardState).toEqual({ term: 1, vote: 'a', commit: 0 });
    expect(s.current().entries.map((x) => x.index)).toEqual([1, 2]);
  });

  it('keeps a prefix of unsynced writes when the crash policy lets some survive, never a later one alone', () => {
    const s = new SimStorage();
    s.write({ group: G, entries: [e(1, 1)] });
    s.write({ group: G, entries: [e(2, 1)] });
    s.write({ group: G, entries: [e(3, 1)] });
    expect(s.crash(2)).toEqual({ lostWrites: 1 });
    expect(s.loadDurable().entries.map((x) => x.index)).toEqual([1, 2]);
  });

  it('makes every earlier write durable with one fsync (ordered writes)', () => {
    const s = new SimStorage();
    s.write({ group: G, entries: [e(1, 1)] });
    const w2 = s.write({ group: G, entries: [e(2, 1)] });
    s.write({ group: G, entries: [e(3, 1)] });
    s.syncCompleted(w2);
    expect(s.isDurable(w2)).toBe(true);
    expect(s.unsyncedWrites()).toBe(1);
    s.crash(0);
    expect(s.loadDurable().entries.map((x) => x.index)).toEqual([1, 2]);
  });

  it('replaces a conflicting suffix: an entry at a stored index drops it and everything after', () => {
    const s = new SimStorage();
    s.write({ group: G, entries: [e(1, 1), e(2, 1), e(3, 1)] });
    s.write({ group: G, entries: [e(2, 2, 'new')] });
    expect(s.current().entries).toEqual([e(1, 1), e(2, 2, 'new')]);
  });

  it('applies a write in the documented order: install snapshot, entries, hard state, compaction', () => {
    const s = new SimStorage();
    s.write({ group: G, entries: [e(1, 1), e(2, 1), e(3, 1)] });
    s.write({ group: G, installSnapshot: snap(5, 2), entries: [e(6, 2), e(7, 2)], hardState: { term: 2, vote: null, commit: 6 } });
    expect(s.current().snapshot?.meta.index).toBe(5);
    expect(s.current().entries.map((x) => x.index)).toEqual([6, 7]);
    s.write({ group: G, entries: [e(8, 2)], compactSnapshot: snap(7, 2) });
    expect(s.current().snapshot?.meta.index).toBe(7);
    expect(s.current().entries.map((x) => x.index)).toEqual([8]);
    expect(s.entryAt(8)?.term).toBe(2);
    expect(s.entryAt(7)).toBeUndefined();
  });

  it('refuses writes that would leave a gap or go below the snapshot', () => {
    const s = new SimStorage();
    s.write({ group: G, entries: [e(1, 1)] });
    expect(() => s.write({ group: G, entries: [e(3, 1)] })).toThrow(StorageContractError);
    s.write({ group: G, compactSnapshot: snap(1, 1) });
    expect(() => s.write({ group: G, entries: [e(1, 1)] })).toThrow(StorageContractError);
    expect(() => s.write({ group: G, compactSnapshot: snap(4, 1) })).toThrow(StorageContractError);
  });
});
