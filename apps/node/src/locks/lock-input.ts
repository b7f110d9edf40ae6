import { parseLockType, parseTtlMs, ParseResult, parseWaitMs, resolveOwner, validateLockName, validateRequestId } from '@app/locks';
import { AcquireInput, ReleaseInput, RenewInput } from './lock.service';

/** Raw request parts as Fastify hands them over (a repeated query parameter arrives as an array). */
export interface RawLockRequest {
  name: unknown;
  query: Record<string, unknown>;
  clientIdHeader: unknown;
  requestIdHeader: unknown;
}

class BadInput extends Error {}

/** Checks the HTTP inputs with the lock library's own validators, so the API and apply() agree. */
export function parseAcquire(raw: RawLockRequest): ParseResult<AcquireInput> {
  return parsing(() => ({
    ...common(raw),
    mode: need(parseLockType(single(raw.query.lock_type, 'lock_type'))),
    ttlMs: need(parseTtlMs(single(raw.query.ttl_ms, 'ttl_ms'))),
    waitMs: need(parseWaitMs(single(raw.query.wait_ms, 'wait_ms'))),
  }));
}

export function parseRelease(raw: RawLockRequest): ParseResult<ReleaseInput> {
  return parsing(() => common(raw));
}

export function parseRenew(raw: RawLockRequest): ParseResult<RenewInput> {
  return parsing(() => {
    const { lock, owner } = common(raw);
    return { lock, owner, ttlMs: need(parseTtlMs(single(raw.query.ttl_ms, 'ttl_ms'))) };
  });
}

function common(raw: RawLockRequest): { lock: string; owner: string; requestId?: string } {
  const lock = need(validateLockName(raw.name));
  const owner = need(resolveOwner(single(raw.clientIdHeader, 'X-Client-Id'), single(raw.query.client_id, 'client_id')));
  const rid = single(raw.requestIdHeader, 'X-Request-Id');
  return rid === undefined || rid === '' ? { lock, owner } : { lock, owner, requestId: need(validateRequestId(rid)) };
}

function single(v: unknown, name: string): string | undefined {
  if (v === undefined || typeof v === 'string') return v;
  throw new BadInput(`${name} must be given once`);
}

function need<T>(r: ParseResult<T>): T {
  if (!r.ok) throw new BadInput(r.message);
  return r.value;
}

function parsing<T>(build: () => T): ParseResult<T> {
  try {
    return { ok: true, value: build() };
  } catch (e) {
    if (e instanceof BadInput) return { ok: false, message: e.message };
    throw e;
  }
}
