/** Randomness for domain code: election jitter, ids. Seeded in the simulator, so runs replay. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}
