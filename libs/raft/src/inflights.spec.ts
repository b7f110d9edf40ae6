import { Inflights } from './inflights';

describe('Inflights', () => {
  it('is full at capacity, frees every slot up to an acked index, and refuses to overflow', () => {
    const w = new Inflights(3);
    w.add(5);
    w.add(8);
    w.add(12);
    expect(w.full()).toBe(true);
    expect(() => w.add(13)).toThrow();
    w.freeUpTo(8);
    expect(w.count).toBe(1);
    w.freeFirst();
    expect(w.count).toBe(0);
  });
});
