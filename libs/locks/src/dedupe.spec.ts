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
