import { SqliteLogStore } from '@app/adapters/store-sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/eventually';
import { InProcessCluster } from '../support/in-process-cluster';

// Ports 18300-18499 for this file.
const basePort = (slot: number): number => 18300 + slot * 100 + Math.floor(Math.random() * 20) * 4;

describe.each([
  ['memory store', 0, undefined as string | undefined],
  ['sqlite store (temp dir)', 1, 'sqlite'],
])('node restart on the same %s', (_label, slot, kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'node-restart-'));
  const cluster = new InProcessCluster({
    voters: 3,
    basePort: basePort(slot),
    tickMs: 10,
    // Snapshot often, so recovery goes through snapshot + log suffix.
    env: { SNAPSHOT_EVERY: '7' },
    store: kind === 'sqlite' ? (id) => new SqliteLogStore({ path: join(dir, `${id}.sqlite`) }) : undefined,
  });

  afterAll(async () => {
    await cluster.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recovers every applied proposal, and the whole cluster keeps them', async () => {
    const leader = await cluster.startWithLeader();
    const victim = ['node1', 'node2', 'node3'].find((id) => id !== leader)!;
    const acked: number[] = [];
    for (let i = 0; i < 20; i++) acked.push((await cluster.node(leader).client.propose({ n: i })).index);
    await eventually(async () => expect((await cluster.node(victim).client.info()).applied_index).toBeGreaterThanOrEqual(Math.max(...acked)));

    await cluster.stop(victim);
    // Progress while it is down: it must catch up on these after the restart.
    for (let i = 20; i < 30; i++) acked.push((await cluster.node(leader).client.propose({ n: i })).index);
    await cluster.start(victim);

    const back = cluster.node(victim).client;
    await eventually(async () => {
      const page = await back.proposals(1, 1000);
      expect(page.items.map((p) => (p.data as { n: number }).n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    });
    expect((await back.info()).applied_index).toBeGreaterThanOrEqual(Math.max(...acked));

    // And the whole cluster restarted from its stores still has them all.
    await cluster.stopAll();
    await cluster.startWithLeader();
    for (const id of ['node1', 'node2', 'node3']) {
      const page = await cluster.node(id).client.proposals(1, 1000);
      expect(page.total).toBe(30);
      expect(page.items.map((p) => (p.data as { n: number }).n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    }
  });
});
