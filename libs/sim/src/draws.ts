import { Random } from '@app/core';

// Bound once: under jest's vm context each `Math.` lookup in a hot path goes through a global proxy.
const { log, min } = Math;

/** An exponentially distributed delay with the given mean, capped at `capMeans` means so one draw cannot stall a run. */
export function exponential(random: Random, mean: number, capMeans = 20): number {
  if (mean <= 0) return 0;
  return min(-log(1 - random.next()) * mean, capMeans * mean);
}
