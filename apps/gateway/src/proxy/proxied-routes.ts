/**
 * The node API the gateway relays, one row per route. Each row says where the call goes first
 * and when a failed attempt may be sent again to another node.
 *
 * `prefer`:
 * - `leader`: the control group's leader decides lock commands and serves linearizable lock
 *   reads (ReadIndex); calling it saves the follower's internal hop.
 * - `queue-owner`: the node that last served this queue (its partition leader, learned from
 *   `x-served-by`); the partitions' leaders are spread over the nodes, so there is no single
 *   best node.
 * - `any`: the next node in turn.
 *
 * `retry` (after a 503, or a connection lost once the request may have been sent):
 * - `safe`: reads, and commands whose repetition changes nothing (renew sets the same lease end
 *   again from now; an ack of an acked token answers duplicate=true).
 * - `{ header }`: only when the request carries that header, because the node de-duplicates by it
 *   (lock acquire/release by X-Request-Id, produce by Idempotency-Key). Without it a retry could
 *   take effect twice: a second message stored, or a second acquire answered 200 re-entrant
 *   although the first grant is what the client holds.
 * - `never`: not repeatable and not de-duplicated (consume delivers and hides messages for
 *   visibility_ms, nack of a token may hit a newer delivery, diagnostic proposals append).
 * Whatever the policy, a request that never reached a node (connection refused, connect timeout)
 * is sent to the next one: nothing can have happened.
 */
export type RoutePreference = 'leader' | 'queue-owner' | 'any';
export type RetryPolicy = 'safe' | 'never' | { header: 'x-request-id' | 'idempotency-key' };
export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface ProxiedRoute {
  method: HttpMethod;
  /** Fastify/Nest pattern, as the node declares it. */
  path: string;
  prefer: RoutePreference;
  retry: RetryPolicy;
  /** Query parameter that holds the request open (ms), added to the answer's time budget. */
  waitParam?: 'wait_ms';
}

export const PROXIED_ROUTES: readonly ProxiedRoute[] = [
  { method: 'POST', path: '/lock/:name', prefer: 'leader', retry: { header: 'x-request-id' }, waitParam: 'wait_ms' },
  { method: 'DELETE', path: '/lock/:name', prefer: 'leader', retry: { header: 'x-request-id' } },
  { method: 'POST', path: '/lock/:name/renew', prefer: 'leader', retry: 'safe' },
  { method: 'GET', path: '/locks', prefer: 'leader', retry: 'safe' },
  { method: 'GET', path: '/locks/:name', prefer: 'leader', retry: 'safe' },
  { method: 'POST', path: '/queue/:name', prefer: 'queue-owner', retry: { header: 'idempotency-key' } },
  { method: 'GET', path: '/queue/:name', prefer: 'queue-owner', retry: 'never', waitParam: 'wait_ms' },
  { method: 'POST', path: '/queue/:name/ack', prefer: 'queue-owner', retry: 'safe' },
  { method: 'POST', path: '/queue/:name/nack', prefer: 'queue-owner', retry: 'never' },
  { method: 'GET', path: '/queue/:name/stats', prefer: 'queue-owner', retry: 'safe' },
  { method: 'GET', path: '/queues', prefer: 'any', retry: 'safe' },
  { method: 'GET', path: '/raft/status', prefer: 'any', retry: 'safe' },
  { method: 'POST', path: '/raft/propose', prefer: 'leader', retry: 'never' },
];

/** Longest wait a client may ask for (the node's own cap for lock waits). */
export const MAX_WAIT_MS = 300_000;

export function pathsOf(method: HttpMethod): string[] {
  return PROXIED_ROUTES.filter((r) => r.method === method).map((r) => r.path);
}

export function findRoute(method: string, pattern: string | undefined): ProxiedRoute | undefined {
  return PROXIED_ROUTES.find((r) => r.method === method && r.path === pattern);
}

/** `/lock/:name` → `/lock/{name}` (OpenAPI spelling). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** May an attempt that failed this way be sent to another node? */
export function mayRetry(route: ProxiedRoute, failure: 'not-sent' | 'maybe-sent' | 'unavailable', headers: Record<string, string | string[] | undefined>): boolean {
  if (failure === 'not-sent') return true;
  if (route.retry === 'safe') return true;
  if (route.retry === 'never') return false;
  const value = headers[route.retry.header];
  return typeof value === 'string' && value.length > 0;
}

/** The wait a request asks for (0 when absent or malformed: the node answers 400 to those). */
export function requestedWaitMs(route: ProxiedRoute, query: string): number {
  if (!route.waitParam) return 0;
  const raw = new URLSearchParams(query).get(route.waitParam);
  if (raw === null || !/^\d{1,7}$/.test(raw)) return 0;
  return Math.min(Number(raw), MAX_WAIT_MS);
}
