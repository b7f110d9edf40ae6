import { findRoute, mayRetry, openApiPath, ProxiedRoute, requestedWaitMs } from './proxied-routes';

const route = (method: string, path: string): ProxiedRoute => {
  const r = findRoute(method, path);
  if (!r) throw new Error(`no route ${method} ${path}`);
  return r;
};

describe('proxied routes', () => {
  it.each([
    ['GET', '/locks', {}, true],
    ['POST', '/lock/:name/renew', {}, true],
    ['POST', '/queue/:name/ack', {}, true],
    ['POST', '/lock/:name', {}, false],
    ['POST', '/lock/:name', { 'x-request-id': 'r1' }, true],
    ['DELETE', '/lock/:name', {}, false],
    ['DELETE', '/lock/:name', { 'x-request-id': 'r1' }, true],
    ['POST', '/queue/:name', { 'x-request-id': 'r1' }, false],
    ['POST', '/queue/:name', { 'idempotency-key': 'k1' }, true],
    ['POST', '/queue/:name', { 'idempotency-key': '' }, false],
    ['GET', '/queue/:name', { 'idempotency-key': 'k1' }, false],
    ['POST', '/queue/:name/nack', {}, false],
    ['POST', '/raft/propose', { 'x-request-id': 'r1' }, false],
  ])('%s %s with %p may be retried after a 503 or a lost connection: %p', (method, path, headers, expected) => {
    expect(mayRetry(route(method, path), 'unavailable', headers)).toBe(expected);
    expect(mayRetry(route(method, path), 'maybe-sent', headers)).toBe(expected);
  });

  it('always moves on when the request never reached a node', () => {
    expect(mayRetry(route('POST', '/raft/propose'), 'not-sent', {})).toBe(true);
    expect(mayRetry(route('GET', '/queue/:name'), 'not-sent', {})).toBe(true);
  });

  it('adds the wait a lock acquire or a long poll asks for, capped; ignores it elsewhere', () => {
    expect(requestedWaitMs(route('POST', '/lock/:name'), 'wait_ms=5000&ttl_ms=1')).toBe(5000);
    expect(requestedWaitMs(route('GET', '/queue/:name'), 'wait_ms=9999999')).toBe(300_000);
    expect(requestedWaitMs(route('POST', '/lock/:name'), 'wait_ms=soon')).toBe(0);
    expect(requestedWaitMs(route('POST', '/lock/:name/renew'), 'wait_ms=5000')).toBe(0);
  });

  it('spells paths the OpenAPI way', () => {
    expect(openApiPath('/lock/:name/renew')).toBe('/lock/{name}/renew');
  });
});
