import { AcquireOutcome, ReleaseOutcome } from './lock-history';

/**
 * One HTTP call to the lock API of a node, classified the way a careful client must read it:
 * a definite answer (granted / refused / released) or an unknown outcome (503, 504, a broken
 * connection or our own timeout), after which the write may or may not have happened.
 */
export interface HttpAnswer {
  /** 0 when no HTTP answer arrived. */
  status: number;
  body: Record<string, unknown> | null;
  /** Why no answer arrived (network error, timeout). */
  error?: string;
}

export interface LockCallOptions {
  owner: string;
  requestId?: string;
  timeoutMs: number;
}

export async function call(url: string, method: 'GET' | 'POST' | 'DELETE', opts: LockCallOptions): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'x-client-id': opts.owner };
  if (opts.requestId) headers['x-request-id'] = opts.requestId;
  try {
    const res = await fetch(url, { method, headers, signal: AbortSignal.timeout(opts.timeoutMs) });
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = text === '' ? null : JSON.parse(text);
      body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
    } catch {
      body = { raw: text };
    }
    return { status: res.status, body };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const cause = err.cause instanceof Error ? ((err.cause as NodeJS.ErrnoException).code ?? err.cause.message) : err.message;
    return { status: 0, body: null, error: `${err.name}: ${cause}` };
  }
}

function num(body: Record<string, unknown> | null, key: string): number | null {
  const v = body?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function str(body: Record<string, unknown> | null, key: string): string | null {
  const v = body?.[key];
  return typeof v === 'string' ? v : null;
}

function unknownReason(a: HttpAnswer): string {
  return a.status === 0 ? (a.error ?? 'no answer') : `${a.status} ${str(a.body, 'error') ?? ''}`.trim();
}

/** 200 with a token is a grant; 4xx a refusal; anything else leaves the outcome unknown. */
export function acquireOutcome(a: HttpAnswer): AcquireOutcome {
  if (a.status === 200) {
    const token = num(a.body, 'fencing_token');
    const lease = num(a.body, 'lease_expires_at_ms');
    if (token === null || lease === null || str(a.body, 'status') !== 'granted') throw new Error(`malformed grant: ${JSON.stringify(a.body)}`);
    return { type: 'granted', token, leaseExpiresAt: lease, leader: str(a.body, 'leader'), term: num(a.body, 'term') ?? 0 };
  }
  if (a.status >= 400 && a.status < 500) return { type: 'refused', status: a.status, error: str(a.body, 'error') ?? '' };
  return { type: 'unknown', reason: unknownReason(a) };
}

export function releaseOutcome(a: HttpAnswer): ReleaseOutcome {
  if (a.status === 200 && str(a.body, 'status') === 'released') return { type: 'released' };
  if (a.status >= 400 && a.status < 500) return { type: 'refused', status: a.status, error: str(a.body, 'error') ?? '' };
  return { type: 'unknown', reason: unknownReason(a) };
}
