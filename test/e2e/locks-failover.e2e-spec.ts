import request from 'supertest';
import { InProcessCluster } from '../support/in-process-cluster';
import { eventually, lockClient, sleep } from './locks-helpers';

// Ports 18700-18799 (HTTP) for this file.
const BASE_PORT = 18700 + Math.floor(Math.random() * 20) * 5;
const VOTERS = ['node1', 'node2', 'node3'];

describe('locks across compaction, leadership changes and a stopped leader', () => {
  // Compact every 5 entries, so a restarted follower must be caught up by a snapshot; a short
  // proposal timeout, so a forwarded wait longer than it shows the forwarder waits for wait_ms.
  const cluster = new InProcessCluster({ voters: 3, basePort: BASE_PORT, tickMs: 10, env: { SNAPSHOT_EVERY: '5', PROPOSAL_TIMEOUT_MS: '1000' } });
  const api = lockClient(cluster);
  let leader: string;
  const followers = (): string[] => VOTERS.filter((id) => id !== leader && cluster.nodes.has(id));
  const relevant = (body: { locks: unknown[]; wait_for: unknown[]; last_fencing_token: number }) => ({ locks: body.locks, wait_for: body.wait_for, last: body.last_fencing_token });

  beforeAll(async () => {
    leader = await cluster.startWithLeader();
  });

  afterAll(async () => {
    await cluster.stopAll();
  });

  it('a follower restarted behind a compacted log gets the table (holders and waiters) from a snapshot', async () => {
    const [f1, f2] = followers();
    await api.acquire(leader, 'snap-x', { owner: 'A' }).expect(200);
    await api.acquire(leader, 'snap-s', { owner: 'B', query: { lock_type: 'shared' } }).expect(200);
    // C waits through a follower (forwarded) for longer than a proposal may take.
    const started = Date.now();
    const c = api.acquire(f1, 'snap-x', { owner: 'C', query: { wait_ms: 20000 } }).then((r) => r);
    await eventually(async () => expect((await api.one(leader, 'snap-x')).body.waiters).toHaveLength(1));

    const f2Last = ((await request(api.server(f2)).get('/raft/status').expect(200)).body.groups[0] as { lastIndex: number }).lastIndex;
    await cluster.stop(f2);
    for (let i = 0; i < 15; i++) {
      await api.acquire(leader, `churn-${i % 3}`, { owner: 'Z' }).expect(200);
      await api.release(leader, `churn-${i % 3}`, { owner: 'Z' }).expect(200);
    }
    const status = await request(api.server(leader)).get('/raft/status').expect(200);
    // The leader no longer has the entries f2 misses: only a snapshot can catch it up.
    expect(status.body.groups[0].firstIndex).toBeGreaterThan(f2Last + 1);
    await cluster.start(f2);

    const want = relevant((await api.table(leader, true).expect(200)).body);
    expect(want.locks).toHaveLength(2);
    await eventually(async () => expect(relevant((await api.table(f2, true).expect(200)).body)).toEqual(want));

    await sleep(Math.max(0, 3500 - (Date.now() - started)));
    await api.release(f2, 'snap-x', { owner: 'A' }).expect(200);
    const granted = await c;
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ owner: 'C', waited: true, node: f1 });
    await eventually(async () => expect((await api.one(f2, 'snap-x', true)).body.holders).toEqual([expect.objectContaining({ owner: 'C', fencing_token: granted.body.fencing_token })]));
    await api.release(leader, 'snap-x', { owner: 'C' }).expect(200);
    await api.release(leader, 'snap-s', { owner: 'B' }).expect(200);
  });

  it('leadership lost while a request waits: 503 with Retry-After; the retry with the same X-Request-Id resumes the wait', async () => {
    await api.acquire(leader, 'fo', { owner: 'D' }).expect(200);
    const waiting = api.acquire(leader, 'fo', { owner: 'E', requestId: 'e-1', query: { wait_ms: 10000 } }).then((r) => r);
    await eventually(async () => expect((await api.one(leader, 'fo')).body.waiters).toHaveLength(1));
    const target = followers()[0];
    await request(api.server(target)).post('/raft/transfer-leadership').send({ to: target }).expect(202);
    const lost = await waiting;
    expect(lost.status).toBe(503);
    expect(lost.headers['retry-after']).toBe('1');
    expect(lost.body).toMatchObject({ error: 'proposal_leadership_lost', message: expect.any(String) });
    leader = await cluster.waitForLeader();
    // The wait itself is replicated state: it is still queued on the new leader.
    expect((await api.one(leader, 'fo')).body.waiters).toEqual([expect.objectContaining({ owner: 'E' })]);

    const retry = api.acquire(followers()[0], 'fo', { owner: 'E', requestId: 'e-1', query: { wait_ms: 10000 } }).then((r) => r);
    await sleep(100);
    const rel = await api.release(leader, 'fo', { owner: 'D' }).expect(200);
    const got = await retry;
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ owner: 'E', leader });
    expect(got.body.fencing_token).toBeGreaterThan(rel.body.fencing_token);
    // A second retry replays the recorded outcome: the same grant.
    const replay = await api.acquire(leader, 'fo', { owner: 'E', requestId: 'e-1', query: { wait_ms: 10000 } }).expect(200);
    expect(replay.body.fencing_token).toBe(got.body.fencing_token);
  });

  it('stopping the leader app: a new leader keeps the holders, tokens keep increasing, and the old node catches up', async () => {
    const before = await api.table(leader).expect(200);
    const holder = (before.body.locks as Array<{ name: string; holders: Array<{ owner: string; fencing_token: number }> }>).find((l) => l.name === 'fo')!;
    expect(holder.holders[0].owner).toBe('E');
    const old = leader;
    await cluster.stop(old);
    leader = await cluster.waitForLeader();
    expect(leader).not.toBe(old);
    expect((await api.one(leader, 'fo')).body.holders).toEqual([expect.objectContaining({ owner: 'E', fencing_token: holder.holders[0].fencing_token })]);
    const next = await api.acquire(followers()[0], 'after', { owner: 'F' }).expect(200);
    expect(next.body.fencing_token).toBeGreaterThan(before.body.last_fencing_token);
    await api.release(leader, 'fo', { owner: 'E' }).expect(200);
    await cluster.start(old);
    const want = relevant((await api.table(leader, true).expect(200)).body);
    await eventually(async () => expect(relevant((await api.table(old, true).expect(200)).body)).toEqual(want));
  });
});
