import { SeededRandom } from './prng';

describe('SeededRandom', () => {
  it('replays the same sequence from the same seed', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const seqA = Array.from({ length: 100 }, () => a.nextUint32());
    const seqB = Array.from({ length: 100 }, () => b.nextUint32());
    expect(seqA).toEqual(seqB);
  });

  it('gives different sequences for different seeds', () => {
    const a = new SeededRandom(1);
    const b = new SeededRandom(2);
    expect(Array.from({ length: 10 }, () => a.nextUint32())).not.toEqual(Array.from({ length: 10 }, () => b.nextUint32()));
  });

  it('keeps int() within bounds and covers them roughly evenly', () => {
    const r = new SeededRandom(7);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[r.int(4)]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
    expect(() => r.int(0)).toThrow(RangeError);
  });
});
