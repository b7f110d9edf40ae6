import { decideRestart, DEFAULT_RESTART_POLICY } from './restart-policy';

const policy = DEFAULT_RESTART_POLICY;

describe('decideRestart', () => {
  it('restarts the first crash after the base delay', () => {
    expect(decideRestart(policy, [], 100_000)).toEqual({ kind: 'restart', delayMs: 1000, attempt: 1 });
  });

  it('backs off exponentially up to the cap', () => {
    expect(decideRestart(policy, [99_000, 99_500], 100_000)).toEqual({ kind: 'restart', delayMs: 4000, attempt: 3 });
    const capped = decideRestart({ ...policy, maxRestarts: 10 }, [1, 2, 3, 4, 5, 6], 10);
    expect(capped).toEqual({ kind: 'restart', delayMs: 10_000, attempt: 7 });
  });

  it('gives up after maxRestarts inside the window', () => {
    const history = [91_000, 92_000, 93_000, 94_000, 95_000];
    const decision = decideRestart(policy, history, 100_000);
    expect(decision.kind).toBe('give-up');
  });

  it('forgets restarts older than the window', () => {
    const history = [1_000, 2_000, 3_000, 4_000, 5_000];
    expect(decideRestart(policy, history, 100_000)).toEqual({ kind: 'restart', delayMs: 1000, attempt: 1 });
  });

  it('never restarts when disabled', () => {
    expect(decideRestart({ ...policy, enabled: false }, [], 0)).toEqual({ kind: 'give-up', reason: 'restarts are off (--no-restart)' });
  });
});
