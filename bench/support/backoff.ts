/**
 * "Full jitter" exponential backoff for try-lock loops: the n-th retry waits a uniform random
 * time in [0, min(capMs, baseMs * 2^n)). Random spreading keeps contending clients from
 * retrying in lock-step (a retry storm).
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1, capMs: 50 };

export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return random() * ceiling;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function describeBackoff(policy: BackoffPolicy): string {
  return `full-jitter exponential backoff: retry n waits U[0, min(${policy.capMs}, ${policy.baseMs}*2^n)) ms`;
}
