import { findAnyCycle, findCycleThrough, successorsFromEdges } from './wait-for-graph';

const graph = (adj: Record<string, string[]>) => (n: string) => adj[n] ?? [];

describe('wait-for graph', () => {
  it('finds no cycle in a chain or a diamond', () => {
    const g = graph({ A: ['B', 'C'], B: ['D'], C: ['D'] });
    for (const n of ['A', 'B', 'C', 'D']) expect(findCycleThrough(n, g)).toBeNull();
    expect(findAnyCycle(['A', 'B', 'C', 'D'], g)).toBeNull();
  });

  it('reports a 2-cycle and a 3-cycle starting at the given node, in wait order', () => {
    expect(findCycleThrough('A', graph({ A: ['B'], B: ['A'] }))).toEqual(['A', 'B']);
    expect(findCycleThrough('C', graph({ A: ['B'], B: ['C'], C: ['A'] }))).toEqual(['C', 'A', 'B']);
  });

  it('reports the shortest cycle through the start when there are several', () => {
    const g = graph({ A: ['B', 'E'], B: ['C'], C: ['D'], D: ['A'], E: ['A'] });
    expect(findCycleThrough('A', g)).toEqual(['A', 'E']);
  });

  it('ignores cycles that do not pass through the start', () => {
    const g = graph({ S: ['A'], A: ['B'], B: ['A'] });
    expect(findCycleThrough('S', g)).toBeNull();
    expect(findAnyCycle(['S', 'A', 'B'], g)).toEqual(['A', 'B']);
  });

  it('treats a self-edge as a cycle of one', () => {
    expect(findCycleThrough('A', graph({ A: ['A'] }))).toEqual(['A']);
  });

  it('builds sorted, de-duplicated successors from labelled edges', () => {
    const s = successorsFromEdges([
      { from: 'A', to: 'C', lock: 'x' },
      { from: 'A', to: 'B', lock: 'y' },
      { from: 'A', to: 'C', lock: 'z' },
    ]);
    expect(s('A')).toEqual(['B', 'C']);
    expect(s('Q')).toEqual([]);
  });
});
