/** Summary of how evenly items spread over nodes. */
export interface LoadStats {
  readonly nodes: number;
  readonly total: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** max / mean: 1.0 is perfect balance. */
  readonly maxOverMean: number;
  /** Standard deviation of each node's share of the total (population std dev, as a fraction). */
  readonly shareStdDev: number;
  /** Standard deviation relative to the mean share (coefficient of variation). */
  readonly relativeStdDev: number;
}

/** Balance figures for per-node counts; include nodes with zero items. */
export function loadStats(counts: readonly number[]): LoadStats {
  if (counts.length === 0) throw new RangeError('loadStats: no nodes');
  const nodes = counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  const mean = total / nodes;
  const meanShare = 1 / nodes;
  const variance = total === 0 ? 0 : counts.reduce((acc, c) => acc + (c / total - meanShare) ** 2, 0) / nodes;
  const shareStdDev = Math.sqrt(variance);
  const max = Math.max(...counts);
  return {
    nodes,
    total,
    mean,
    min: Math.min(...counts),
    max,
    maxOverMean: mean === 0 ? 1 : max / mean,
    shareStdDev,
    relativeStdDev: shareStdDev / meanShare,
  };
}

/** Counts per node for a key -> node mapping, in the ring's node order (zeros included). */
export function countPerNode(nodes: readonly string[], owners: Iterable<string>): number[] {
  const index = new Map(nodes.map((n, i) => [n, i]));
  const counts = nodes.map(() => 0);
  for (const owner of owners) {
    const i = index.get(owner);
    if (i === undefined) throw new RangeError(`owner ${owner} is not one of the nodes`);
    counts[i]++;
  }
  return counts;
}
