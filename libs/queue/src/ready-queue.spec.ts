import { ReadyQueue } from './ready-queue';

describe('ReadyQueue', () => {
  it('hands out the smallest seq first, returned messages ahead of newer ones', () => {
    const q = new ReadyQueue();
    [0, 1, 2, 3].forEach((s) => q.pushNew(s));
    expect(q.shift()).toBe(0);
    expect(q.shift()).toBe(1);
    q.pushReturned(1);
    q.pushReturned(0);
    q.pushNew(4);
    expect([q.shift(), q.shift(), q.shift(), q.shift(), q.shift(), q.shift()]).toEqual([0, 1, 2, 3, 4, undefined]);
    expect(q.size).toBe(0);
  });

  it('skips removed seqs and counts them out of size', () => {
    const q = new ReadyQueue();
    [0, 1, 2].forEach((s) => q.pushNew(s));
    q.remove(1);
    expect(q.size).toBe(2);
    expect(q.toArray()).toEqual([0, 2]);
    expect([q.shift(), q.shift(), q.shift()]).toEqual([0, 2, undefined]);
  });

  it('keeps order across compaction of a long consumed prefix', () => {
    const q = new ReadyQueue();
    for (let i = 0; i < 5000; i++) q.pushNew(i);
    for (let i = 0; i < 4000; i++) expect(q.shift()).toBe(i);
    expect(q.size).toBe(1000);
    expect(q.toArray()[0]).toBe(4000);
    expect(q.shift()).toBe(4000);
  });
});
