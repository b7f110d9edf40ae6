import request from 'supertest';
import { InProcessCluster } from '../support/in-process-cluster';

export { eventually, sleep } from '../support/eventually';

/** Small helpers shared by the lock e2e suites. */

export interface LockCall {
  owner?: string;
  requestId?: string;
  query?: Record<string, string | number>;
}

export function lockClient(cluster: InProcessCluster) {
  const server = (id: string) => cluster.node(id).app.getHttpServer();
  const withHeaders = (t: request.Test, c: LockCall): request.Test => {
    let r = t;
    if (c.owner) r = r.set('X-Client-Id', c.owner);
    if (c.requestId) r = r.set('X-Request-Id', c.requestId);
    return c.query ? r.query(c.query) : r;
  };
  return {
    server,
    acquire: (via: string, lock: string, c: LockCall = {}) => withHeaders(request(server(via)).post(`/lock/${lock}`), c),
    release: (via: string, lock: string, c: LockCall = {}) => withHeaders(request(server(via)).delete(`/lock/${lock}`), c),
    renew: (via: string, lock: string, c: LockCall = {}) => withHeaders(request(server(via)).post(`/lock/${lock}/renew`), c),
    table: (via: string, stale = false) => request(server(via)).get(stale ? '/locks?stale=true' : '/locks'),
    one: (via: string, lock: string, stale = false) => request(server(via)).get(`/locks/${lock}${stale ? '?stale=true' : ''}`),
  };
}

