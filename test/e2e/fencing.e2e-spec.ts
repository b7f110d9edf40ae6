import { InProcessCluster } from '../support/in-process-cluster';
import { lockClient } from './locks-helpers';

// Ports 18800-18899 (HTTP) for this file.
const BASE_PORT = 18800 + Math.floor(Math.random() * 20) * 5;

/**
 * The resource side of fencing (docs/FENCING.md): a store that remembers, per key, the highest
 * fencing token it has accepted and refuses any write carrying a lower one. It does not talk to
 * the lock service at all; the token in the request is enough.
 */
class FencedStore {
  private readonly highest = new Map<string, number>();
  readonly values = new Map<string, string>();

  write(key: string, value: string, token: number): { ok: true } | { ok: false; reason: string } {
    const seen = this.highest.get(key) ?? 0;
    if (token < seen) return { ok: false, reason: `stale token ${token} < ${seen}` };
    this.highest.set(key, token);
    this.values.set(key, value);
    return { ok: true };
  }
}

describe('fencing tokens protect a resource from a holder whose lease expired', () => {
  const cluster = new InProcessCluster({ voters: 3, basePort: BASE_PORT, tickMs: 10 });
  const api = lockClient(cluster);
  let leader: string;

  beforeAll(async () => {
    leader = await cluster.startWithLeader();
  });

  afterAll(async () => {
    await cluster.stopAll();
  });

  it("A's late write with its old token is rejected after B took over the expired lock", async () => {
    const store = new FencedStore();
    const follower = ['node1', 'node2', 'node3'].find((id) => id !== leader)!;

    const a = await api.acquire(follower, 'invoice-42', { owner: 'A', query: { ttl_ms: 300 } }).expect(200);
    expect(store.write('invoice-42', 'draft by A', a.body.fencing_token)).toEqual({ ok: true });

    // A stalls (a GC pause, a slow disk) past its lease. B was waiting and gets the lock.
    const b = await api.acquire(leader, 'invoice-42', { owner: 'B', query: { wait_ms: 5000 } }).expect(200);
    expect(b.body.fencing_token).toBeGreaterThan(a.body.fencing_token);
    expect(store.write('invoice-42', 'final by B', b.body.fencing_token)).toEqual({ ok: true });

    // A wakes up believing it still holds the lock and writes: the store refuses it.
    expect(store.write('invoice-42', 'late write by A', a.body.fencing_token)).toEqual({ ok: false, reason: expect.stringContaining('stale token') });
    expect(store.values.get('invoice-42')).toBe('final by B');
    // Asking the lock service would also have told A: its renew is refused.
    await api.renew(follower, 'invoice-42', { owner: 'A' }).expect(403);
    // B keeps writing with its token as long as it holds the lock.
    expect(store.write('invoice-42', 'final by B, v2', b.body.fencing_token)).toEqual({ ok: true });
    await api.release(leader, 'invoice-42', { owner: 'B' }).expect(200);
  });
});
