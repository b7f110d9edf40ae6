import { backoffDelay } from './backoff';

const opts = { initialMs: 50, maxMs: 2000, factor: 2, jitter: 0.5 };

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap (random at top of range)', () => {
    const top = (): number => 0.999999;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, opts, top))).toEqual([50, 100, 200, 400, 800, 1600, 2000, 2000]);
  });

  it('keeps jittered delays within [base * (1 - jitter), base]', () => {
    expect(backoffDelay(3, opts, () => 0)).toBe(200);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(300);
    expect(backoffDelay(20, opts, () => 0)).toBe(1000);
  });

  it('has no jitter when jitter is 0', () => {
    expect(backoffDelay(1, { ...opts, jitter: 0 }, () => 0.3)).toBe(100);
  });
});
