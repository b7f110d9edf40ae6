import { SeededRandom } from '@app/core';
import { hash64 } from './hash';
import { CALM_NETWORK, SimNetwork, SimNetworkOptions } from './sim-network';

/** Delivers everything queued, in time order; returns "time from>to payload" lines. */
function drain(net: SimNetwork<string>): string[] {
  const out: string[] = [];
  for (let t = net.nextDeliveryTime(); t !== Infinity; t = net.nextDeliveryTime()) {
    const due = net.popDue(t);
    if (due && !due.dropped) out.push(`${t} ${due.envelope.from}>${due.envelope.to} ${due.envelope.payload}${due.envelope.duplicate ? ' dup' : ''}`);
  }
  return out;
}

function network(seed: number, options: Partial<SimNetworkOptions> = {}): SimNetwork<string> {
  return new SimNetwork<string>(new SeededRandom(seed), { ...CALM_NETWORK, ...options });
}

describe('SimNetwork', () => {
  it('delivers every message once, no earlier than the minimum delay, when calm', () => {
    const net = network(1, { delayMinMs: 5, delayMeanMs: 10 });
    for (let i = 0; i < 100; i++) net.send('a', 'b', `m${i}`, 0);
    const out = drain(net);
    expect(out).toHaveLength(100);
    for (const line of out) expect(Number(line.split(' ')[0])).toBeGreaterThanOrEqual(5);
    expect(net.stats).toMatchObject({ sent: 100, delivered: 100, lost: 0, duplicated: 0 });
  });

  it('loses everything at loss probability 1 and about the right share at 0.3', () => {
    const all = network(2, { lossProbability: 1 });
    for (let i = 0; i < 50; i++) expect(all.send('a', 'b', 'x', 0)).toBe('lost');
    expect(drain(all)).toHaveLength(0);

    const some = network(3, { lossProbability: 0.3 });
    for (let i = 0; i < 1000; i++) some.send('a', 'b', 'x', 0);
    const delivered = drain(some).length;
    expect(delivered).toBeGreaterThan(600);
    expect(delivered).toBeLessThan(800);
  });

  it('replays a duplicated message later than, and in addition to, the original', () => {
    const net = network(4, { duplicateProbability: 1 });
    net.send('a', 'b', 'hello', 0);
    const out = drain(net);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/a>b hello$/);
    expect(out[1]).toMatch(/a>b hello dup$/);
  });

  it('keeps each link FIFO without reorder, and lets messages overtake with it', () => {
    const fifo = network(5, { delayMinMs: 1, delayMeanMs: 50, reorder: false });
    for (let i = 0; i < 200; i++) fifo.send('a', 'b', String(i), i);
    const order = drain(fifo).map((l) => Number(l.split(' ')[2]));
    expect(order).toEqual([...order].sort((x, y) => x - y));

    const loose = network(5, { delayMinMs: 1, delayMeanMs: 50, reorder: true });
    for (let i = 0; i < 200; i++) loose.send('a', 'b', String(i), i);
    const looseOrder = drain(loose).map((l) => Number(l.split(' ')[2]));
    expect(looseOrder).not.toEqual([...looseOrder].sort((x, y) => x - y));
    expect([...looseOrder].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('cuts both directions in a symmetric partition and only one in an asymmetric one', () => {
    const sym = network(6);
    sym.partition(['a'], ['b', 'c']);
    expect(sym.send('a', 'b', '1', 0)).toBe('partitioned');
    expect(sym.send('c', 'a', '2', 0)).toBe('partitioned');
    expect(sym.send('b', 'c', '3', 0)).toBe('queued');
    expect(drain(sym).map((l) => l.split(' ')[2])).toEqual(['3']);

    const oneWay = network(7);
    oneWay.partitionOneWay(['a'], ['b']);
    expect(oneWay.send('a', 'b', 'x', 0)).toBe('partitioned');
    expect(oneWay.send('b', 'a', 'y', 0)).toBe('queued');
    expect(drain(oneWay).map((l) => l.split(' ')[2])).toEqual(['y']);
  });

  it('isolates a single node from everyone and heals back to full connectivity', () => {
    const net = network(8);
    net.isolate('b', ['a', 'b', 'c']);
    expect(net.cutLinks()).toEqual(['a>b', 'b>a', 'b>c', 'c>b']);
    expect(net.send('b', 'c', 'x', 0)).toBe('partitioned');
    net.heal();
    expect(net.send('b', 'c', 'x', 0)).toBe('queued');
    expect(drain(net)).toHaveLength(1);
  });

  it('drops a message whose link is cut while it is in flight', () => {
    const net = network(9, { delayMinMs: 10, delayMeanMs: 10 });
    net.send('a', 'b', 'late', 0);
    net.partition(['a'], ['b']);
    expect(drain(net)).toEqual([]);
    expect(net.stats.partitioned).toBe(1);
  });

  it('replays identically from the same seed and differently from another', () => {
    const run = (seed: number): string => {
      const net = network(seed, { delayMinMs: 1, delayMeanMs: 20, lossProbability: 0.1, duplicateProbability: 0.1, reorder: true });
      const nodes = ['a', 'b', 'c'];
      for (let i = 0; i < 300; i++) net.send(nodes[i % 3], nodes[(i + 1) % 3], String(i), i);
      return hash64(drain(net).join('\n'));
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
  });
});
