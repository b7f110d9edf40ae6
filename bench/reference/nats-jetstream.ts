/**
 * Reference: NATS JetStream (Debian's nats-server 2.9), a 3-server cluster on loopback started
 * by this script, one stream with 3 replicas on file storage (work-queue retention), one durable
 * pull consumer with explicit acks. Each client has its own connection.
 * - publish: js.publish() awaiting the PubAck (stored by a quorum of the stream's replicas —
 *   written, but in 2.9 not fsynced before the ack: the store syncs on a timer).
 * - end-to-end: publish (PubAck) → consumer.next() → m.ackAck() (waits for the server to
 *   confirm the ack).
 *
 *   node -r @swc-node/register bench/reference/nats-jetstream.ts [--seconds 5] [--clients 1,16,64] [--json out.json]
 *        [--max-load 3 --max-wait 300]   (wait, bounded, for the 1-min load average to drop first)
 */
import { AckPolicy, connect, Consumer, JetStreamClient, NatsConnection, RetentionPolicy, StorageType } from 'nats';
import {
  argList,
  argNumber,
  argOptional,
  BenchRow,
  commandVersion,
  describeEnvironment,
  emitReport,
  onCleanupSync,
  packageVersion,
  QueueScenario,
  QueueSession,
  QueueTarget,
  reportHeader,
  runBench,
  runQueueScenario,
  sleep,
  waitForQuietMachine,
} from '../support';
import { NATS_BINARY, NatsCluster } from './nats-cluster';

const STREAM = 'BENCH';
const SUBJECT = 'bench.orders';
const DURABLE = 'bench-worker';
const RECEIVE_TIMEOUT_MS = 5000;

async function connectTo(servers: string[]): Promise<NatsConnection> {
  const nc = await connect({ servers, name: 'bench-reference' });
  onCleanupSync(() => void nc.close());
  return nc;
}

class JetStreamSession implements QueueSession {
  private consumer: Consumer | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
  ) {}

  async publish(body: Buffer): Promise<void> {
    await this.js.publish(SUBJECT, body);
  }

  async receiveAndAck(): Promise<void> {
    // Looked up once per session: get() asks the server for the consumer's info.
    this.consumer ??= await this.js.consumers.get(STREAM, DURABLE);
    const m = await this.consumer.next({ expires: RECEIVE_TIMEOUT_MS });
    if (m === null) throw new Error(`no message within ${RECEIVE_TIMEOUT_MS} ms`);
    if (!(await m.ackAck())) throw new Error('ack not confirmed');
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}

class JetStreamTarget implements QueueTarget {
  readonly system = 'NATS JetStream R3 (file)';

  constructor(
    private readonly admin: NatsConnection,
    private readonly servers: string[],
  ) {}

  /** A fresh stream per level, so a level starts empty; retried while JetStream elects its leaders. */
  async prepare(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const jsm = await this.admin.jetstreamManager();
        await jsm.streams.delete(STREAM).catch(() => false);
        await jsm.streams.add({
          name: STREAM,
          subjects: [SUBJECT],
          num_replicas: 3,
          storage: StorageType.File,
          retention: RetentionPolicy.Workqueue,
        });
        await jsm.consumers.add(STREAM, { durable_name: DURABLE, ack_policy: AckPolicy.Explicit, ack_wait: 30_000_000_000 });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await sleep(500);
      }
    }
  }

  async openSession(): Promise<QueueSession> {
    const nc = await connectTo(this.servers);
    return new JetStreamSession(nc, nc.jetstream());
  }

  async teardown(): Promise<void> {
    const jsm = await this.admin.jetstreamManager();
    await jsm.streams.delete(STREAM).catch(() => false);
  }
}

async function main(): Promise<void> {
  const seconds = argNumber('seconds', 5);
  const levels = argList('clients', [1, 16, 64]);
  const jsonPath = argOptional('json');
  const maxLoad = argOptional('max-load');
  if (maxLoad !== undefined) await waitForQuietMachine(Number(maxLoad), argNumber('max-wait', 300));

  const cluster = new NatsCluster();
  await cluster.start();
  const environment = describeEnvironment({ 'nats-server': commandVersion(NATS_BINARY, ['--version']), nats: packageVersion('nats') });
  console.log(`# NATS JetStream bench: 3 servers ${cluster.urls.join(' ')}, store ${cluster.dataDir}`);
  console.log(`# ${environment['nats-server']}; stream R3 file storage; ${seconds} s per level; load ${environment.loadavg}`);

  const admin = await connectTo(cluster.urls);
  const target = new JetStreamTarget(admin, cluster.urls);
  const rows: BenchRow[] = [];
  try {
    await runQueueScenario(target, 'end-to-end', 4, 1); // warm-up: stream leaders, JIT
    for (const scenario of ['publish', 'end-to-end'] as QueueScenario[]) {
      for (const clients of levels) {
        const row = await runQueueScenario(target, scenario, clients, seconds);
        console.log(`# ${scenario} x${clients}: ${row.result.opsPerSecond.toFixed(0)} msgs/s, p50 ${row.result.latencyMs.p50.toFixed(2)} ms, p99 ${row.result.latencyMs.p99.toFixed(2)} ms, errors ${row.result.errors}`);
        rows.push(row);
      }
    }
  } finally {
    await target.teardown().catch(() => undefined);
    await admin.close();
    await cluster.stop();
  }

  emitReport(
    {
      ...reportHeader('reference/nats-jetstream', 'bench/reference/nats-jetstream.ts', environment),
      rows,
      notes: {
        stream: 'replicas 3, file storage, work-queue retention; durable pull consumer, explicit ack',
        publish: 'js.publish awaiting PubAck (quorum stored, not fsynced per message in 2.9)',
        endToEnd: 'publish (PubAck) → consumer.next() → ackAck(); latency = whole cycle',
      },
    },
    jsonPath,
  );
}

runBench(main);
