import { MemoryLogStore } from '@app/adapters/store-memory';
import { GroupWrite, LogStore, NodeId, PeerPayload, PeerTransport, TransportStats } from '@app/core';
import { RaftConfig, RaftNodeApi, Ready } from '@app/raft';
import { loadNodeConfig } from '../config/node-config';
import { JsonLogger } from '../logging/json-logger';
import { ControlGroup } from './control-group.service';
import { GroupRegistry } from './group-registry.service';
import { RaftDriver } from './raft-driver.service';
import { RaftNodeFactory } from './raft-node.factory';
import { FakeRaftNode } from './testing/fake-raft-node';

/** A store whose writes can be held open, recording each batch and the order of events. */
class GatedStore extends MemoryLogStore {
  readonly batches: GroupWrite[][] = [];
  private gate: Promise<void> | null = null;
  private release: (() => void) | null = null;
  failNext: Error | null = null;
  constructor(private readonly events: string[]) {
    super();
  }
  hold(): void {
    this.gate = new Promise((r) => (this.release = r));
  }
  open_(): void {
    const r = this.release;
    this.gate = null;
    this.release = null;
    r?.();
  }
  override async write(batch: GroupWrite[]): Promise<void> {
    if (batch.length > 0) this.events.push('write');
    this.batches.push(batch);
    if (this.gate) await this.gate;
    if (this.failNext) throw this.failNext;
    return super.write(batch);
  }
}

/** Lets the driver run until its next write() call has started (bounded: fails rather than hangs). */
async function untilWriteStarts(store: GatedStore): Promise<void> {
  const before = store.batches.length;
  for (let i = 0; i < 20 && store.batches.length === before; i++) await new Promise((r) => setImmediate(r));
  if (store.batches.length === before) throw new Error('no write started');
}

class RecordingTransport extends PeerTransport {
  constructor(private readonly events: string[]) {
    super();
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  send(_to: NodeId, _payload: PeerPayload): void {
    this.events.push('send');
  }
  onReceive(): void {}
  stats(): TransportStats {
    return { sent: 0, received: 0, droppedOutbound: 0, rejectedInbound: 0, rejectedByReason: {} };
  }
}

async function setup(extraEnv: Record<string, string> = {}) {
  const events: string[] = [];
  const config = loadNodeConfig({ NODE_ID: 'node1', CLUSTER_MEMBERS: 'node1=127.0.0.1:1:2', STORE: 'memory', TRANSPORT: 'memory', ...extraEnv });
  const store = new GatedStore(events);
  await store.open();
  const fake = new FakeRaftNode();
  const factory: RaftNodeFactory = { create: (_c: RaftConfig): RaftNodeApi => fake };
  const registry = new GroupRegistry(config, store, factory);
  const logger = new JsonLogger('node1', 'error', () => undefined);
  const driver = new RaftDriver(config, registry, store as LogStore, new RecordingTransport(events), logger);
  const control = new ControlGroup(config, registry);
  // Record applies through the diagnostic handler.
  const apply = control.diagnostics.apply.bind(control.diagnostics);
  control.diagnostics.apply = (body, at) => {
    events.push('apply');
    return apply(body, at);
  };
  await control.boot();
  return { events, store, fake, driver, control };
}

describe('RaftDriver', () => {
  it('persists before sending and sends before applying', async () => {
    const { events, control, driver } = await setup();
    const done = control.proposeDiagnostic('a');
    await expect(done).resolves.toMatchObject({ index: 1, term: 1 });
    // Round 1 persists entry 1 then sends; round 2 applies it (commit follows persistence).
    const firstWrite = events.indexOf('write');
    expect(firstWrite).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('send')).toBeGreaterThan(firstWrite);
    expect(events.indexOf('apply')).toBeGreaterThan(events.indexOf('send'));
    await driver.stop();
  });

  it("a leader whose term and vote are already durable sends its appends before its own write", async () => {
    const { events, control, driver } = await setup();
    await control.proposeDiagnostic('warm-up'); // term 1 and the vote are written by now
    events.length = 0;
    await control.proposeDiagnostic('b');
    expect(events.indexOf('send')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('send')).toBeLessThan(events.indexOf('write'));
    await driver.stop();
  });

  it('a Ready that changes term or vote is written before any of its messages go out', async () => {
    const { events, fake, control, driver } = await setup();
    await control.proposeDiagnostic('warm-up');
    fake.term = 2; // as if re-elected: the next Ready carries hard state of term 2
    events.length = 0;
    await control.proposeDiagnostic('c');
    expect(events.indexOf('write')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('send')).toBeGreaterThan(events.indexOf('write'));
    await driver.stop();
  });

  it('a hard state that only moves the commit index is not written on its own, but at stop', async () => {
    const { store, fake, control, driver } = await setup();
    await control.proposeDiagnostic('warm-up');
    const writesBefore = store.batches.length;
    const commitOnly: Ready = { group: 'control', hardState: { term: 1, vote: 'node1', commit: 1 }, entries: [], messages: [], committed: [], readStates: [], mustSync: false };
    let served = false;
    const hasReady = fake.hasReady.bind(fake);
    const ready = fake.ready.bind(fake);
    fake.hasReady = () => !served || hasReady();
    fake.ready = () => (served ? ready() : ((served = true), commitOnly));
    control.group.step({ group: 'control', from: 'node2', to: 'node1', term: 1, type: 'heartbeat-resp', context: '' });
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(served).toBe(true);
    expect(store.batches.length).toBe(writesBefore);
    await driver.stop();
    expect(store.batches.slice(writesBefore)).toEqual([[{ group: 'control', hardState: { term: 1, vote: 'node1', commit: 1 } }]]);
  });

  it('batches the proposals that arrive during a write into the next single write', async () => {
    const { store, control, driver } = await setup();
    await control.proposeDiagnostic('warm-up');
    store.hold();
    const first = control.proposeDiagnostic(0);
    await untilWriteStarts(store); // the round starts and blocks in write()
    const writesBefore = store.batches.length;
    const more = Array.from({ length: 50 }, (_, i) => control.proposeDiagnostic(i + 1));
    store.open_();
    const results = await Promise.all([first, ...more]);
    expect(results.map((r) => r.index)).toEqual(Array.from({ length: 51 }, (_, i) => i + 2));
    const entryWrites = store.batches.slice(writesBefore).filter((b) => b.some((w) => (w.entries?.length ?? 0) > 0));
    // The 50 late proposals went to disk together, not one write each.
    expect(entryWrites.length).toBe(1);
    expect(entryWrites[0][0].entries).toHaveLength(50);
    await driver.stop();
  });

  it('writes all groups of a round in one batch', async () => {
    const { store, control, driver } = await setup();
    await control.proposeDiagnostic('x');
    expect(store.batches.every((b) => b.length <= 1)).toBe(true);
    expect(store.batches.flat().every((w) => w.group === 'control')).toBe(true);
    await driver.stop();
  });

  it('rejects pending proposals when leadership is lost', async () => {
    const { store, fake, control, driver } = await setup();
    await control.proposeDiagnostic('warm-up');
    store.hold();
    const p = control.proposeDiagnostic('doomed');
    await untilWriteStarts(store);
    fake.becomeFollower(2);
    store.open_();
    await expect(p).rejects.toMatchObject({ reason: 'leadership-lost' });
    await driver.stop();
  });

  it('a proposal committed in the Ready that reports the loss of leadership still succeeds', async () => {
    const { fake, control, driver } = await setup();
    await control.proposeDiagnostic('warm-up');
    const p = control.proposeDiagnostic('made-it');
    // Persisted in the next round; then, in one Ready: committed entry 2 and role follower.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const originalReady = fake.ready.bind(fake);
    fake.ready = () => {
      const rd = originalReady();
      if (rd.committed.some((e) => e.index === 2)) {
        fake.role = 'follower';
        return { ...rd, softState: { role: 'follower', leader: null } };
      }
      return rd;
    };
    await expect(p).resolves.toMatchObject({ index: 2 });
    await driver.stop();
  });

  it('a failed durable write stops the node and fails its waiters', async () => {
    const { store, control, driver } = await setup();
    await control.proposeDiagnostic('ok');
    store.failNext = new Error('disk full');
    await expect(control.proposeDiagnostic('lost')).rejects.toMatchObject({ reason: 'stopped' });
    expect(driver.stats().failed).toBe('disk full');
  });

  it('compacts the log every SNAPSHOT_EVERY applied entries, in the next write', async () => {
    const { store, fake, control, driver } = await setup({ SNAPSHOT_EVERY: '3' });
    for (let i = 0; i < 4; i++) await control.proposeDiagnostic(i);
    expect(fake.compactedAt).toBe(3);
    await control.proposeDiagnostic('next');
    const compaction = store.batches.flat().find((w) => w.compactSnapshot);
    expect(compaction?.compactSnapshot?.meta.index).toBe(3);
    expect(JSON.parse(compaction!.compactSnapshot!.data).diag.total).toBe(3);
    await driver.stop();
  });

  it('serves a read barrier once the read point is applied', async () => {
    const { fake, control, driver } = await setup();
    await control.proposeDiagnostic('a');
    const read = control.group.readBarrier();
    expect(fake.readRequests).toHaveLength(1);
    fake.pendingReadStates = [{ context: fake.readRequests[0], index: 1 }];
    control.group.step({ group: 'control', from: 'node2', to: 'node1', term: 1, type: 'heartbeat-resp', context: '' });
    await expect(read).resolves.toBe(1);
    await driver.stop();
  });
});
