/**
 * When to restart a child that died on its own. A crash loop (bad config, port taken) must not
 * spin forever, so restarts are rate-limited and back off.
 */
export interface RestartPolicy {
  enabled: boolean;
  /** At most this many restarts inside `windowMs`; one more and the launcher gives up on the child. */
  maxRestarts: number;
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  enabled: true,
  maxRestarts: 5,
  windowMs: 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 10_000,
};

export type RestartDecision = { kind: 'restart'; delayMs: number; attempt: number } | { kind: 'give-up'; reason: string };

/** `history` holds the times (ms) of earlier restarts of this child; `now` is the time of this death. */
export function decideRestart(policy: RestartPolicy, history: readonly number[], now: number): RestartDecision {
  if (!policy.enabled) return { kind: 'give-up', reason: 'restarts are off (--no-restart)' };
  const recent = history.filter((t) => now - t < policy.windowMs).length;
  if (recent >= policy.maxRestarts) {
    return { kind: 'give-up', reason: `it died ${recent + 1} times within ${Math.round(policy.windowMs / 1000)} s` };
  }
  const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** recent);
  return { kind: 'restart', delayMs, attempt: recent + 1 };
}
