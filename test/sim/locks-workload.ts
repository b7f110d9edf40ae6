import { SeededRandom } from '@app/core';
import { LockCommand, LockMode, MAX_TTL_MS, MIN_TTL_MS } from '@app/locks';

/**
 * Random lock-table workloads: a few owners contending for a few locks, with try-locks and
 * waits, upgrades (an owner re-asking exclusive while holding shared), releases by strangers,
 * renewals, cancellations, leader-proposed expiries, retried and reused request ids, index gaps
 * (no-op entries) and, now and then, a command stamped by a leader whose clock is behind.
 */
export interface WorkloadShape {
  owners: string[];
  locks: string[];
  steps: number;
}

export const DEFAULT_SHAPE: WorkloadShape = { owners: ['a', 'b', 'c', 'd', 'e'], locks: ['x', 'y', 'z'], steps: 150 };

export interface Step {
  command: LockCommand;
  index: number;
}

export function* workload(seed: number, shape: WorkloadShape = DEFAULT_SHAPE): Generator<Step> {
  const rng = new SeededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  let now = 1_000;
  let index = 0;
  for (let i = 0; i < shape.steps; i++) {
    now += rng.int(400);
    index += rng.chance(0.15) ? 2 + rng.int(3) : 1;
    // A new leader with a slower clock stamps an older time now and then.
    const stamp = rng.chance(0.03) ? Math.max(0, now - rng.int(2_000)) : now;
    const owner = pick(shape.owners);
    const lock = pick(shape.locks);
    const requestId = rng.chance(0.3) ? { requestId: `${owner}-${rng.int(12)}` } : {};
    const roll = rng.next();
    let command: LockCommand;
    if (roll < 0.45) {
      const mode: LockMode = rng.chance(0.5) ? 'shared' : 'exclusive';
      const ttlMs = MIN_TTL_MS + rng.int(3_000);
      const waitMs = rng.chance(0.3) ? 0 : 100 + rng.int(3_000);
      command = { type: 'acquire', lock, owner, mode, ttlMs: Math.min(ttlMs, MAX_TTL_MS), waitMs, ...requestId, now: stamp };
    } else if (roll < 0.7) {
      command = { type: 'release', lock, owner, ...requestId, now: stamp };
    } else if (roll < 0.78) {
      command = { type: 'renew', lock, owner, ttlMs: MIN_TTL_MS + rng.int(3_000), now: stamp };
    } else if (roll < 0.85) {
      command = { type: 'cancelWait', lock, owner, now: stamp };
    } else {
      command = { type: 'expire', now: stamp };
    }
    yield { command, index };
  }
}
