import { EventQueue } from './event-queue';
import { VirtualClock } from './virtual-clock';

describe('EventQueue', () => {
  it('pops by time, and in insertion order among equal times', () => {
    const q = new EventQueue<string>();
    q.push(5, 'c');
    q.push(1, 'a');
    q.push(5, 'd');
    q.push(3, 'b');
    q.push(5, 'e');
    const out: string[] = [];
    for (let x = q.pop(); x; x = q.pop()) out.push(x.item);
    expect(out).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(q.peekTime()).toBe(Infinity);
  });

  it('removes selected events and keeps the rest ordered', () => {
    const q = new EventQueue<number>();
    for (let i = 10; i > 0; i--) q.push(i, i);
    expect(q.removeWhere((n) => n % 2 === 0)).toBe(5);
    const out: number[] = [];
    for (let x = q.pop(); x; x = q.pop()) out.push(x.item);
    expect(out).toEqual([1, 3, 5, 7, 9]);
  });
});

describe('VirtualClock', () => {
  it('moves only forward', () => {
    const c = new VirtualClock();
    c.advanceBy(10);
    c.advanceTo(15);
    expect(c.now()).toBe(15);
    expect(() => c.advanceTo(14)).toThrow();
  });
});
