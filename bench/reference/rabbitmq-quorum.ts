/**
 * Reference: a RabbitMQ quorum queue on the machine's RabbitMQ (127.0.0.1:5672, guest/guest).
 * That broker is a SINGLE node, so the quorum queue has ONE replica: its Raft log is fsynced
 * before the confirm, but nothing is replicated — a lower bound on the cost of a 3-replica queue.
 * Each client has its own connection (TCP_NODELAY) and confirm channel.
 * - publish: sendToQueue(persistent) awaiting the publisher confirm.
 * - end-to-end: publish (confirmed) → receive one message (basic.consume, prefetch 1) → basic.ack.
 *   AMQP 0-9-1 has no confirmation of an ack, so the cycle ends when the ack is written.
 *
 *   node -r @swc-node/register bench/reference/rabbitmq-quorum.ts [--seconds 5] [--clients 1,16,64] [--json out.json]
 *        [--max-load 3 --max-wait 300]   (wait, bounded, for the 1-min load average to drop first)
 */
import { ChannelModel, ConfirmChannel, connect, ConsumeMessage } from 'amqplib';
import {
  argList,
  argNumber,
  argOptional,
  BenchRow,
  describeEnvironment,
  emitReport,
  onCleanupAsync,
  packageVersion,
  QueueScenario,
  QueueSession,
  QueueTarget,
  reportHeader,
  runBench,
  runQueueScenario,
  waitForQuietMachine,
} from '../support';

const URL = process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const QUEUE = `bench-quorum-${process.pid}`;
const RECEIVE_TIMEOUT_MS = 5000;
/** Nagle off: without it an ack followed by a publish waits ~40 ms for a delayed TCP ACK. */
const SOCKET_OPTIONS = { noDelay: true };
const QUORUM = { durable: true, arguments: { 'x-queue-type': 'quorum' } };

class RabbitSession implements QueueSession {
  private readonly buffered: ConsumeMessage[] = [];
  private waiting: ((m: ConsumeMessage) => void) | undefined;
  private consuming: Promise<unknown> | undefined;

  constructor(
    private readonly conn: ChannelModel,
    private readonly ch: ConfirmChannel,
  ) {}

  publish(body: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ch.sendToQueue(QUEUE, body, { persistent: true }, (err: unknown) => (err ? reject(new Error(`nack: ${String(err)}`)) : resolve()));
    });
  }

  async receiveAndAck(): Promise<void> {
    // The consumer is registered on first use, so the publish-only scenario has none.
    this.consuming ??= this.ch.prefetch(1).then(() =>
      this.ch.consume(QUEUE, (m) => {
        if (m === null) return;
        if (this.waiting) this.waiting(m);
        else this.buffered.push(m);
      }),
    );
    await this.consuming;
    const m = this.buffered.shift() ?? (await this.next());
    this.ch.ack(m);
  }

  private next(): Promise<ConsumeMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`no message within ${RECEIVE_TIMEOUT_MS} ms`));
      }, RECEIVE_TIMEOUT_MS);
      this.waiting = (m) => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve(m);
      };
    });
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}

class RabbitQuorumTarget implements QueueTarget {
  readonly system = 'RabbitMQ quorum (1 node)';

  constructor(private readonly admin: ConfirmChannel) {}

  /** A fresh queue per level, so every level starts empty. */
  async prepare(): Promise<void> {
    await this.admin.deleteQueue(QUEUE);
    await this.admin.assertQueue(QUEUE, QUORUM);
  }

  async openSession(): Promise<QueueSession> {
    const conn = await connect(URL, SOCKET_OPTIONS);
    const ch = await conn.createConfirmChannel();
    return new RabbitSession(conn, ch);
  }

  async teardown(): Promise<void> {
    await this.admin.deleteQueue(QUEUE);
  }
}

async function main(): Promise<void> {
  const seconds = argNumber('seconds', 5);
  const levels = argList('clients', [1, 16, 64]);
  const jsonPath = argOptional('json');
  const maxLoad = argOptional('max-load');
  if (maxLoad !== undefined) await waitForQuietMachine(Number(maxLoad), argNumber('max-wait', 300));

  const adminConn = await connect(URL, SOCKET_OPTIONS);
  const admin = await adminConn.createConfirmChannel();
  onCleanupAsync(async () => {
    await admin.deleteQueue(QUEUE);
    await adminConn.close();
  });
  const server = adminConn.connection.serverProperties;
  const environment = describeEnvironment({ rabbitmq: `${server.product ?? 'RabbitMQ'} ${server.version ?? '?'}`, amqplib: packageVersion('amqplib') });
  console.log(`# RabbitMQ quorum queue bench: ${URL.replace(/\/\/.*@/, '//')}, queue ${QUEUE} (1 node → 1 replica)`);
  console.log(`# ${environment.rabbitmq}; ${seconds} s per level; load ${environment.loadavg}`);

  const target = new RabbitQuorumTarget(admin);
  const rows: BenchRow[] = [];
  await runQueueScenario(target, 'end-to-end', 4, 1); // warm-up
  for (const scenario of ['publish', 'end-to-end'] as QueueScenario[]) {
    for (const clients of levels) {
      const row = await runQueueScenario(target, scenario, clients, seconds);
      console.log(`# ${scenario} x${clients}: ${row.result.opsPerSecond.toFixed(0)} msgs/s, p50 ${row.result.latencyMs.p50.toFixed(2)} ms, p99 ${row.result.latencyMs.p99.toFixed(2)} ms, errors ${row.result.errors}`);
      rows.push(row);
    }
  }

  emitReport(
    {
      ...reportHeader('reference/rabbitmq-quorum', 'bench/reference/rabbitmq-quorum.ts', environment),
      rows,
      notes: {
        queue: 'x-queue-type quorum on a single-node broker: 1 replica (fsync before confirm, no replication)',
        publish: 'persistent sendToQueue awaiting the publisher confirm',
        endToEnd: 'publish (confirmed) → basic.consume prefetch 1 → basic.ack (unconfirmed in AMQP 0-9-1); latency = whole cycle',
      },
    },
    jsonPath,
  );
}

runBench(main);
