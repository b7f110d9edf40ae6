export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Growth per failed attempt (default 2). */
  factor?: number;
  /** Fraction of the delay that is randomized, 0..1 (default 0.5): spreads reconnect storms. */
  jitter?: number;
}

export const DEFAULT_RECONNECT_BACKOFF: Required<BackoffOptions> = { initialMs: 50, maxMs: 2000, factor: 2, jitter: 0.5 };

/**
 * Delay before reconnect attempt number `attempt` (0-based): exponential up to maxMs, then
 * scaled into [1 - jitter, 1] of that by `random` (a value in [0, 1)).
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const factor = options.factor ?? DEFAULT_RECONNECT_BACKOFF.factor;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? DEFAULT_RECONNECT_BACKOFF.jitter));
  const exp = options.initialMs * Math.pow(factor, Math.max(0, attempt));
  const base = Math.min(options.maxMs, exp);
  return Math.round(base * (1 - jitter + jitter * random()));
}
