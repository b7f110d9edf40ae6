import request from 'supertest';
import { InProcessCluster } from '../support/in-process-cluster';
import { eventually, lockClient } from './locks-helpers';

// Ports 18600-18699 (HTTP) for this file; peers use the in-memory network.
const BASE_PORT = 18600 + Math.floor(Math.random() * 20) * 5;
const VOTERS = ['node1', 'node2', 'node3'];

describe('lock API on an in-process cluster (3 voters + 1 learner, as npm start)', () => {
  const cluster = new InProcessCluster({ voters: 3, learners: 1, basePort: BASE_PORT, tickMs: 10 });
  const api = lockClient(cluster);
  let leader: string;
  const followers = (): string[] => VOTERS.filter((id) => id !== leader);

  beforeAll(async () => {
    leader = await cluster.startWithLeader();
  });

  afterAll(async () => {
    await cluster.stopAll();
  });

  it.each([...VOTERS, 'node4'])('the seed commands work verbatim through %s', async (via) => {
    const got = await api.acquire(via, 'mylock?lock_type=exclusive').expect(200);
    expect(got.body).toMatchObject({ status: 'granted', lock: 'mylock', mode: 'exclusive', owner: 'anonymous', node: via, leader, term: expect.any(Number) });
    expect(got.body.fencing_token).toBeGreaterThan(0);
    expect(Date.parse(got.body.lease_expires_at)).toBe(got.body.lease_expires_at_ms);
    const table = await api.table(via).expect(200);
    expect(table.body).toMatchObject({ node: via, raft: { leader, term: expect.any(Number), commit_index: expect.any(Number) }, consistency: 'linearizable' });
    expect(table.body.locks).toEqual([expect.objectContaining({ name: 'mylock', mode: 'exclusive', holders: [expect.objectContaining({ owner: 'anonymous', fencing_token: got.body.fencing_token })], waiters: [] })]);
    const rel = await api.release(via, 'mylock').expect(200);
    expect(rel.body).toMatchObject({ status: 'released', lock: 'mylock', owner: 'anonymous', fencing_token: got.body.fencing_token });
    expect((await api.table(via).expect(200)).body.locks).toEqual([]);
  });
  it('shared holders coexist; an exclusive try-lock answers 423 with the holders', async () => {
    const [f1, f2] = followers();
    const a = await api.acquire(f1, 'shr', { owner: 'A', query: { lock_type: 'shared' } }).expect(200);
    const b = await api.acquire(f2, 'shr', { query: { lock_type: 'SHARED', client_id: 'B' } }).expect(200);
    expect(b.body.owner).toBe('B');
    expect(b.body.holders.map((h: { owner: string }) => h.owner).sort()).toEqual(['A', 'B']);
    expect(b.body.fencing_token).toBeGreaterThan(a.body.fencing_token);
    const busy = await api.acquire(leader, 'shr', { owner: 'C' }).expect(423);
    expect(busy.body).toMatchObject({ error: 'locked', message: expect.any(String), lock: 'shr', owner: 'C' });
    expect(busy.body.holders).toHaveLength(2);
    await api.release(f1, 'shr', { owner: 'A' }).expect(200);
    await api.release(leader, 'shr', { owner: 'B' }).expect(200);
  });

  it('re-acquire by the same owner is idempotent: same token, lease refreshed', async () => {
    const first = await api.acquire(followers()[0], 'reent', { owner: 'A', query: { ttl_ms: 5000 } }).expect(200);
    const again = await api.acquire(leader, 'reent', { owner: 'A', query: { ttl_ms: 60000 } }).expect(200);
    expect(again.body).toMatchObject({ fencing_token: first.body.fencing_token, reentrant: true });
    expect(again.body.lease_expires_at_ms).toBeGreaterThan(first.body.lease_expires_at_ms);
    // Shared is covered by exclusive: still the same hold.
    const shared = await api.acquire(leader, 'reent', { owner: 'A', query: { lock_type: 'shared' } }).expect(200);
    expect(shared.body).toMatchObject({ mode: 'exclusive', fencing_token: first.body.fencing_token, reentrant: true });
    await api.release(leader, 'reent', { owner: 'A' }).expect(200);
  });

  it('upgrades shared -> exclusive at once when alone, else after the other holder leaves', async () => {
    const f = followers()[0];
    const s1 = await api.acquire(f, 'upg', { owner: 'A', query: { lock_type: 'shared' } }).expect(200);
    const up = await api.acquire(f, 'upg', { owner: 'A', query: { lock_type: 'exclusive' } }).expect(200);
    expect(up.body).toMatchObject({ mode: 'exclusive', upgraded: true });
    expect(up.body.fencing_token).toBeGreaterThan(s1.body.fencing_token);
    await api.release(f, 'upg', { owner: 'A' }).expect(200);

    await api.acquire(f, 'upg', { owner: 'A', query: { lock_type: 'shared' } }).expect(200);
    await api.acquire(f, 'upg', { owner: 'B', query: { lock_type: 'shared' } }).expect(200);
    const pending = api.acquire(f, 'upg', { owner: 'A', query: { lock_type: 'exclusive', wait_ms: 5000 } }).then((r) => r);
    await eventually(async () => expect((await api.one(leader, 'upg')).body.waiters).toEqual([expect.objectContaining({ owner: 'A', upgrade: true, position: 1 })]));
    await api.release(leader, 'upg', { owner: 'B' }).expect(200);
    const granted = await pending;
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ owner: 'A', mode: 'exclusive', waited: true });
    await api.release(leader, 'upg', { owner: 'A' }).expect(200);
  });

  it('waiters are served FIFO; one that waits too long gets 423 and leaves the queue', async () => {
    const [f1, f2] = followers();
    const holder = await api.acquire(leader, 'fifo', { owner: 'A' }).expect(200);
    const b = api.acquire(f1, 'fifo', { owner: 'B', query: { wait_ms: 8000 } }).then((r) => r);
    await eventually(async () => expect((await api.one(leader, 'fifo')).body.waiters).toHaveLength(1));
    const c = api.acquire(f2, 'fifo', { owner: 'C', query: { wait_ms: 300 } }).then((r) => r);
    await eventually(async () => expect((await api.one(leader, 'fifo')).body.waiters).toHaveLength(2));
    const d = api.acquire(leader, 'fifo', { owner: 'D', query: { wait_ms: 8000 } }).then((r) => r);
    await eventually(async () => expect((await api.one(leader, 'fifo')).body.waiters).toHaveLength(3));

    const timedOut = await c;
    expect(timedOut.status).toBe(423);
    expect(timedOut.body).toMatchObject({ error: 'wait_timeout', lock: 'fifo', owner: 'C', holders: [expect.objectContaining({ owner: 'A' })] });
    const view = await api.one(f2, 'fifo').expect(200);
    expect(view.body.waiters.map((w: { owner: string; position: number }) => [w.owner, w.position])).toEqual([
      ['B', 1],
      ['D', 2],
    ]);
    expect(view.body.wait_for).toEqual(expect.arrayContaining([{ from: 'B', to: 'A', lock: 'fifo' }]));

    await api.release(leader, 'fifo', { owner: 'A' }).expect(200);
    const gotB = await b;
    expect(gotB.status).toBe(200);
    expect(gotB.body).toMatchObject({ owner: 'B', waited: true, node: f1, leader });
    expect(gotB.body.fencing_token).toBeGreaterThan(holder.body.fencing_token);
    await api.release(f1, 'fifo', { owner: 'B' }).expect(200);
    const gotD = await d;
    expect(gotD.status).toBe(200);
    expect(gotD.body.fencing_token).toBeGreaterThan(gotB.body.fencing_token);
    await api.release(leader, 'fifo', { owner: 'D' }).expect(200);
  });

  it('an expired lease hands the lock to the next waiter (expiry is a replicated command)', async () => {
    const a = await api.acquire(leader, 'lease', { owner: 'A', query: { ttl_ms: 300 } }).expect(200);
    const b = await api.acquire(followers()[0], 'lease', { owner: 'B', query: { wait_ms: 5000 } }).expect(200);
    expect(b.body.fencing_token).toBeGreaterThan(a.body.fencing_token);
    expect(Date.now()).toBeGreaterThanOrEqual(a.body.lease_expires_at_ms - 50);
    // The old holder is gone everywhere: its release and renew are refused as another owner's.
    await api.release(leader, 'lease', { owner: 'A' }).expect(403);
    await api.renew(leader, 'lease', { owner: 'A' }).expect(403);
    for (const id of VOTERS) {
      await eventually(async () => expect((await api.one(id, 'lease', true)).body.holders).toEqual([expect.objectContaining({ owner: 'B' })]));
    }
    await api.release(leader, 'lease', { owner: 'B' }).expect(200);
  });

  it('refuses the wait that would close a cycle with 409 and the cycle; the other waiter still gets its lock', async () => {
    const f = followers()[0];
    await api.acquire(f, 'dl-1', { owner: 'A' }).expect(200);
    await api.acquire(f, 'dl-2', { owner: 'B' }).expect(200);
    const aWaits = api.acquire(f, 'dl-2', { owner: 'A', query: { wait_ms: 8000 } }).then((r) => r);
    await eventually(async () => expect((await api.one(leader, 'dl-2')).body.waiters).toHaveLength(1));
    const refused = await api.acquire(leader, 'dl-1', { owner: 'B', query: { wait_ms: 8000 } }).expect(409);
    expect(refused.body).toMatchObject({ error: 'deadlock', message: expect.any(String), lock: 'dl-1', owner: 'B', cycle: ['B', 'A'] });
    expect(refused.body.edges).toEqual([
      { from: 'B', to: 'A', lock: 'dl-1' },
      { from: 'A', to: 'B', lock: 'dl-2' },
    ]);
    const table = await api.table(f).expect(200);
    expect(table.body.wait_for).toEqual([{ from: 'A', to: 'B', lock: 'dl-2' }]);
    await api.release(leader, 'dl-2', { owner: 'B' }).expect(200);
    expect((await aWaits).status).toBe(200);
    await api.release(leader, 'dl-2', { owner: 'A' }).expect(200);
    await api.release(leader, 'dl-1', { owner: 'A' }).expect(200);
  });

  it('release and renew: only by the owner (403), only when held (404)', async () => {
    const f = followers()[1];
    await api.release(f, 'own').expect(404);
    await api.renew(f, 'own').expect(404);
    const got = await api.acquire(f, 'own', { owner: 'A', query: { ttl_ms: 2000 } }).expect(200);
    const denied = await api.release(f, 'own', { owner: 'B' }).expect(403);
    expect(denied.body).toMatchObject({ error: 'not_owner', message: expect.any(String), holders: [expect.objectContaining({ owner: 'A' })] });
    await api.renew(leader, 'own', { owner: 'B' }).expect(403);
    const renewed = await api.renew(f, 'own', { owner: 'A', query: { ttl_ms: 60000 } }).expect(200);
    expect(renewed.body).toMatchObject({ status: 'renewed', fencing_token: got.body.fencing_token, node: f, leader });
    expect(renewed.body.lease_expires_at_ms).toBeGreaterThan(got.body.lease_expires_at_ms);
    const notHeld = await api.release(f, 'own', { owner: 'A' }).expect(200);
    expect(notHeld.body.status).toBe('released');
    const again = await api.release(f, 'own', { owner: 'A' }).expect(404);
    expect(again.body).toMatchObject({ error: 'not_held', message: expect.any(String) });
  });

  it('X-Request-Id: a retried release takes effect once, a retried acquire returns the same grant', async () => {
    const f = followers()[0];
    const got = await api.acquire(f, 'idem', { owner: 'A', requestId: 'acq-1' }).expect(200);
    const replay = await api.acquire(leader, 'idem', { owner: 'A', requestId: 'acq-1' }).expect(200);
    expect(replay.body.fencing_token).toBe(got.body.fencing_token);
    await api.release(f, 'idem', { owner: 'A', requestId: 'rel-1' }).expect(200);
    const b = await api.acquire(leader, 'idem', { owner: 'B' }).expect(200);
    // The retry must not act again (it would be a 403 now): it replays the recorded release.
    const retried = await api.release(f, 'idem', { owner: 'A', requestId: 'rel-1' }).expect(200);
    expect(retried.body).toMatchObject({ status: 'released', fencing_token: got.body.fencing_token });
    expect((await api.one(leader, 'idem')).body.holders).toEqual([expect.objectContaining({ owner: 'B', fencing_token: b.body.fencing_token })]);
    // The same id for another command is refused.
    await api.release(leader, 'idem', { owner: 'A', requestId: 'acq-1' }).expect(400);
    await api.release(leader, 'idem', { owner: 'B' }).expect(200);
  });

  it('X-Request-Id: a retried acquire whose lease expired while another owner took the lock answers 410, not a grant', async () => {
    const [f1, f2] = followers();
    const a = await api.acquire(f1, 'r', { owner: 'A', requestId: 'R1', query: { ttl_ms: 300 } }).expect(200);
    expect(a.body).toMatchObject({ status: 'granted', replayed: false, held: true });
    const same = await api.acquire(leader, 'r', { owner: 'A', requestId: 'R1', query: { ttl_ms: 300 } }).expect(200);
    expect(same.body).toMatchObject({ status: 'granted', replayed: true, held: true, fencing_token: a.body.fencing_token });
    await new Promise((r) => setTimeout(r, 700));
    const b = await api.acquire(f2, 'r', { owner: 'B' }).expect(200);
    const retry = await api.acquire(f1, 'r', { owner: 'A', requestId: 'R1', query: { ttl_ms: 300 } });
    expect(retry.status).toBe(410);
    expect(retry.body).toMatchObject({ error: 'grant_ended', status: 'expired', replayed: true, held: false, lock: 'r', owner: 'A', fencing_token: a.body.fencing_token, leader });
    expect(retry.body.holders).toEqual([expect.objectContaining({ owner: 'B', fencing_token: b.body.fencing_token })]);
    expect(retry.body).not.toHaveProperty('lease_expires_at');
    // B still holds; a new request id acquires afresh (here: busy).
    await api.acquire(leader, 'r', { owner: 'A', requestId: 'R2' }).expect(423);
    await api.release(leader, 'r', { owner: 'B' }).expect(200);
    const released = await api.acquire(leader, 'r', { owner: 'A', requestId: 'R1' }).expect(410);
    expect(released.body).toMatchObject({ status: 'expired', holders: [] });
  });

  it.each([
    ['an empty name', 'post', '/lock/'],
    ['a name over 256 characters', 'post', `/lock/${'x'.repeat(257)}`],
    ['a name with a space', 'post', '/lock/a%20b'],
    ['a name with a slash', 'post', '/lock/a%2Fb'],
    ['the name ".."', 'delete', '/lock/..'],
    ['an unknown lock_type', 'post', '/lock/ok?lock_type=bogus'],
    ['a ttl below the minimum', 'post', '/lock/ok?ttl_ms=5'],
    ['a non-numeric wait', 'post', '/lock/ok?wait_ms=soon'],
    ['a negative wait', 'post', '/lock/ok?wait_ms=-1'],
    ['a repeated lock_type', 'post', '/lock/ok?lock_type=shared&lock_type=exclusive'],
    ['a bad client id', 'post', '/lock/ok?client_id=a%20b'],
    ['a bad renew ttl', 'post', '/lock/ok/renew?ttl_ms=99999999999'],
    ['a bad stale flag', 'get', '/locks?stale=maybe'],
  ])('answers 400 JSON for %s', async (_label, method, path) => {
    const server = api.server(followers()[0]);
    const res = method === 'post' ? await request(server).post(path) : method === 'delete' ? await request(server).delete(path) : await request(server).get(path);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'bad_request', message: expect.any(String) });
  });

  it('a 256-character name is fine', async () => {
    const name = 'n'.repeat(256);
    await api.acquire(followers()[0], name).expect(200);
    await api.release(followers()[1], name).expect(200);
  });

  it('GET /locks on a follower is linearizable by default and local with ?stale=true', async () => {
    const f = followers()[0];
    for (let i = 0; i < 5; i++) {
      const got = await api.acquire(leader, `lin-${i}`, { owner: 'L' }).expect(200);
      // Acknowledged by the leader a moment ago: a linearizable read anywhere must see it.
      const seen = await api.one(f, `lin-${i}`).expect(200);
      expect(seen.body).toMatchObject({ node: f, consistency: 'linearizable', holders: [expect.objectContaining({ owner: 'L', fencing_token: got.body.fencing_token })] });
      expect(seen.body.read_index).toBeGreaterThanOrEqual(got.body.fencing_token);
    }
    const stale = await api.table(f, true).expect(200);
    expect(stale.body).toMatchObject({ consistency: 'stale', read_index: null, raft: { role: 'follower', leader } });
    for (let i = 0; i < 5; i++) await api.release(leader, `lin-${i}`, { owner: 'L' }).expect(200);
  });

  it('documents every lock endpoint and status code in OpenAPI', async () => {
    const res = await request(api.server(leader)).get('/docs-json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(Object.keys(paths['/lock/{name}'].post.responses).sort()).toEqual(['200', '400', '409', '410', '423', '503', '504']);
    expect(Object.keys(paths['/lock/{name}'].delete.responses).sort()).toEqual(['200', '400', '403', '404', '503', '504']);
    expect(Object.keys(paths['/lock/{name}/renew'].post.responses).sort()).toEqual(['200', '400', '403', '404', '503', '504']);
    expect(paths).toHaveProperty(['/locks', 'get']);
    expect(paths).toHaveProperty(['/locks/{name}', 'get']);
    expect(res.body.components.schemas.LockGrantedDto.properties).toHaveProperty('fencing_token');
  });

  it('fencing tokens keep increasing across a leadership transfer; held locks survive it', async () => {
    const before = await api.acquire(leader, 'fence', { owner: 'A' }).expect(200);
    const held = await api.acquire(leader, 'kept', { owner: 'K' }).expect(200);
    const target = followers()[0];
    await request(api.server(target)).post('/raft/transfer-leadership').send({ to: target }).expect(202);
    leader = await cluster.waitForLeader();
    expect(leader).toBe(target);
    await api.release(followers()[0], 'fence', { owner: 'A' }).expect(200);
    const after = await api.acquire(followers()[1], 'fence', { owner: 'B' }).expect(200);
    expect(after.body.leader).toBe(target);
    expect(after.body.fencing_token).toBeGreaterThan(before.body.fencing_token);
    expect((await api.one(leader, 'kept')).body.holders).toEqual([expect.objectContaining({ owner: 'K', fencing_token: held.body.fencing_token })]);
    await api.release(leader, 'fence', { owner: 'B' }).expect(200);
    await api.release(leader, 'kept', { owner: 'K' }).expect(200);
  });

  it('without a leader: writes and linearizable reads answer 503 with Retry-After, stale reads still answer', async () => {
    const isolated = followers()[0];
    cluster.network.isolate(isolated);
    try {
      await eventually(async () => expect((await cluster.node(isolated).client.info()).leader).toBeNull(), 10_000);
      const res = await api.acquire(isolated, 'mylock?lock_type=exclusive').expect(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toMatchObject({ error: 'no_leader', message: expect.any(String) });
      await api.table(isolated).expect(503);
      const stale = await api.table(isolated, true).expect(200);
      expect(stale.body.raft.leader).toBeNull();
    } finally {
      cluster.network.heal();
    }
    leader = await cluster.waitForLeader();
  });
});
