import { SeededRandom } from '@app/core';
import { SimNetworkOptions } from '../sim-network';

/** A random but plausible network condition, TigerBeetle-style: each run (and each change) draws its own. */
export function randomWeather(random: SeededRandom): SimNetworkOptions {
  const delayMinMs = 1 + random.int(5);
  return {
    delayMinMs,
    delayMeanMs: delayMinMs + 1 + random.int(20),
    lossProbability: pick(random, [0, 0, 0.01, 0.05, 0.1, 0.2]),
    duplicateProbability: pick(random, [0, 0, 0.01, 0.05, 0.1]),
    reorder: random.chance(0.5),
  };
}

/** The network after healing: no loss, no replay, short delays (FIFO). */
export const HEALED_WEATHER: SimNetworkOptions = {
  delayMinMs: 1,
  delayMeanMs: 4,
  lossProbability: 0,
  duplicateProbability: 0,
  reorder: false,
};

export function pick<T>(random: SeededRandom, items: readonly T[]): T {
  return items[random.int(items.length)];
}

/** Splits ids into two non-empty random sides (ids.length >= 2). */
export function randomSplit(random: SeededRandom, ids: readonly string[]): [string[], string[]] {
  const shuffled = [...ids];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const cut = 1 + random.int(shuffled.length - 1);
  return [shuffled.slice(0, cut), shuffled.slice(cut)];
}
