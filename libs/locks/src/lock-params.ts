import { DEFAULT_TTL_MS, DEFAULT_WAIT_MS, MAX_TTL_MS, MAX_WAIT_MS, MIN_TTL_MS } from './lock-limits';
import { isLockMode, LockMode } from './lock-mode';
import { fail, ok, ParseResult } from './parse-result';

/** `lock_type`: "shared" or "exclusive" (case-insensitive); absent means exclusive, the seed's default. */
export function parseLockType(raw: string | undefined): ParseResult<LockMode> {
  if (raw === undefined || raw === '') return ok('exclusive');
  const mode = raw.trim().toLowerCase();
  return isLockMode(mode) ? ok(mode) : fail(`lock_type must be "shared" or "exclusive", got "${raw.slice(0, 40)}"`);
}

/** `ttl_ms`: lease length, an integer in [MIN_TTL_MS, MAX_TTL_MS]; absent means DEFAULT_TTL_MS. */
export function parseTtlMs(raw: string | number | undefined): ParseResult<number> {
  return parseBoundedInt('ttl_ms', raw, DEFAULT_TTL_MS, MIN_TTL_MS, MAX_TTL_MS);
}

/** `wait_ms`: how long to wait in the queue, an integer in [0, MAX_WAIT_MS]; absent means 0 (try-lock). */
export function parseWaitMs(raw: string | number | undefined): ParseResult<number> {
  return parseBoundedInt('wait_ms', raw, DEFAULT_WAIT_MS, 0, MAX_WAIT_MS);
}

export function isValidTtlMs(value: number): boolean {
  return Number.isSafeInteger(value) && value >= MIN_TTL_MS && value <= MAX_TTL_MS;
}

export function isValidWaitMs(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= MAX_WAIT_MS;
}

function parseBoundedInt(name: string, raw: string | number | undefined, dflt: number, min: number, max: number): ParseResult<number> {
  if (raw === undefined || raw === '') return ok(dflt);
  // Digits only: Number() would accept "1e3", " 12 ", "0x10" and "".
  const value = typeof raw === 'number' ? raw : /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value)) return fail(`${name} must be a non-negative integer (milliseconds)`);
  if (value < min || value > max) return fail(`${name} must be between ${min} and ${max}`);
  return ok(value);
}
