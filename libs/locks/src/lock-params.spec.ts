import { DEFAULT_TTL_MS, MAX_TTL_MS, MAX_WAIT_MS, MIN_TTL_MS } from './lock-limits';
import { parseLockType, parseTtlMs, parseWaitMs } from './lock-params';

describe('lock parameter parsing', () => {
  it('parses lock_type, defaulting to exclusive, case-insensitively', () => {
    expect(parseLockType(undefined)).toEqual({ ok: true, value: 'exclusive' });
    expect(parseLockType('shared')).toEqual({ ok: true, value: 'shared' });
    expect(parseLockType('EXCLUSIVE')).toEqual({ ok: true, value: 'exclusive' });
    expect(parseLockType('read').ok).toBe(false);
  });

  it('parses ttl_ms with default and bounds', () => {
    expect(parseTtlMs(undefined)).toEqual({ ok: true, value: DEFAULT_TTL_MS });
    expect(parseTtlMs('5000')).toEqual({ ok: true, value: 5000 });
    expect(parseTtlMs(String(MIN_TTL_MS - 1)).ok).toBe(false);
    expect(parseTtlMs(String(MAX_TTL_MS + 1)).ok).toBe(false);
    for (const bad of ['1e3', ' 100', '-5', '12.5', '0x10', 'abc']) expect(parseTtlMs(bad).ok).toBe(false);
  });

  it('parses wait_ms: 0 by default (try-lock), bounded above', () => {
    expect(parseWaitMs(undefined)).toEqual({ ok: true, value: 0 });
    expect(parseWaitMs('0')).toEqual({ ok: true, value: 0 });
    expect(parseWaitMs(String(MAX_WAIT_MS))).toEqual({ ok: true, value: MAX_WAIT_MS });
    expect(parseWaitMs(String(MAX_WAIT_MS + 1)).ok).toBe(false);
    expect(parseWaitMs(1.5).ok).toBe(false);
  });
});
