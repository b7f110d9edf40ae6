import { DedupeEntry, DedupeTable } from './dedupe';

const entry = (owner: string, requestId: string, at: number): DedupeEntry => ({
  owner,
  requestId,
  command: 'release',
  lock: 'L',
  at,
  result: { type: 'notHeld', lock: 'L', owner },
});

describe('DedupeTable', () => {
  it('keeps the first result for an id and lets it be settled later', () => {
    const t = new DedupeTable();
    t.put(entry('A', 'r', 1));
    t.put({ ...entry('A', 'r', 2), lock: 'other' });
    expect(t.get('A', 'r')?.lock).toBe('L');
    t.settle('A', 'r', { type: 'waitCancelled', lock: 'L', owner: 'A' });
    expect(t.get('A', 'r')?.result.type).toBe('waitCancelled');
    expect(t.get('B', 'r')).toBeUndefined();
  });

  it('bounds entries per owner, oldest first, without touching other owners', () => {
    const t = new DedupeTable({ windowMs: 1e9, maxPerOwner: 2, maxEntries: 100 });
    t.put(entry('A', '1', 1));
    t.put(entry('B', '1', 2));
    t.put(entry('A', '2', 3));
    t.put(entry('A', '3', 4));
    expect(t.get('A', '1')).toBeUndefined();
    expect(t.get('A', '2')).toBeDefined();
    expect(t.get('B', '1')).toBeDefined();
    expect(t.size).toBe(3);
  });

  it('bounds the total, oldest first', () => {
    const t = new DedupeTable({ windowMs: 1e9, maxPerOwner: 10, maxEntries: 2 });
    ['A', 'B', 'C'].forEach((o, i) => t.put(entry(o, 'r', i)));
    expect(t.get('A', 'r')).toBeUndefined();
    expect(t.size).toBe(2);
  });

  it('an id evicted early and stored again is aged from its new insertion', () => {
    const t = new DedupeTable({ windowMs: 1e9, maxPerOwner: 2, maxEntries: 3 });
    t.put(entry('A', '1', 1));
    t.put(entry('A', '2', 2));
    t.put(entry('A', '3', 3)); // evicts A/1 (per owner)
    t.put(entry('A', '1', 4)); // evicts A/2; A/1 is back, newest
    t.put(entry('B', '1', 5));
    t.put(entry('C', '1', 6)); // total 4 > 3: the oldest live entry (A/3) goes
    expect(t.toJSON().map((e) => `${e.owner}/${e.requestId}`)).toEqual(['A/1', 'B/1', 'C/1']);
  });

  it('stays fast and bounded over many puts (array compaction)', () => {
    const t = new DedupeTable({ windowMs: 100, maxPerOwner: 64, maxEntries: 500 });
    for (let i = 0; i < 20_000; i++) {
      t.prune(i);
      t.put(entry(`o${i % 7}`, `r${i}`, i));
    }
    expect(t.size).toBe(100);
    expect(t.toJSON()[0].at).toBe(19_900);
  });

  it('forgets entries older than the window', () => {
    const t = new DedupeTable({ windowMs: 100, maxPerOwner: 10, maxEntries: 10 });
    t.put(entry('A', '1', 0));
    t.put(entry('A', '2', 50));
    t.prune(100);
    expect(t.get('A', '1')).toBeUndefined();
    expect(t.get('A', '2')).toBeDefined();
  });

  it('does not confuse ids whose concatenations collide', () => {
    const t = new DedupeTable();
    t.put(entry('a:b', 'c', 1));
    expect(t.get('a', 'b:c')).toBeUndefined();
  });

  it('round-trips through toJSON/load in order', () => {
    const t = new DedupeTable();
    t.put(entry('A', '1', 1));
    t.put(entry('B', '2', 2));
    const u = new DedupeTable();
    u.load(t.toJSON());
    expect(u.toJSON()).toEqual(t.toJSON());
  });
});
