import { runLoad } from './load-runner';
import { BenchRow } from './report';

/**
 * The queue scenarios of issue 5, for any queue system.
 * - publish: each client loops "publish one message, wait for the durable acknowledgement".
 * - end-to-end: each client loops "publish (acknowledged) → receive one message from the queue →
 *   ack it (confirmed where the protocol can confirm)"; the latency is that whole cycle.
 *   Receivers share one queue, so a client may receive another client's message.
 */
export type QueueScenario = 'publish' | 'end-to-end';

export interface QueueSession {
  /** Resolves when the system acknowledged the message as stored. */
  publish(body: Buffer): Promise<void>;
  /** Receives one message and acknowledges it; throws if none arrives in time. */
  receiveAndAck(): Promise<void>;
  close(): Promise<void>;
}

/** A queue system under test: make it empty, open one session per client, remove it after. */
export interface QueueTarget {
  system: string;
  /** Creates the queue/stream, or empties it (between levels). */
  prepare(): Promise<void>;
  openSession(client: number): Promise<QueueSession>;
  teardown(): Promise<void>;
}

/** The seed's example message, plus a sequence number. */
export function messageBody(client: number, seq: number): Buffer {
  return Buffer.from(JSON.stringify({ order_id: seq, product: 'laptop', client }));
}

export async function runQueueScenario(target: QueueTarget, scenario: QueueScenario, clients: number, seconds: number): Promise<BenchRow> {
  await target.prepare();
  const sessions: QueueSession[] = [];
  try {
    for (let c = 0; c < clients; c++) sessions.push(await target.openSession(c));
    const result = await runLoad({ label: `${target.system} ${scenario} x${clients}`, workers: clients, seconds }, async (ctx) => {
      const session = sessions[ctx.worker];
      await session.publish(messageBody(ctx.worker, ctx.iteration));
      if (scenario === 'end-to-end') await session.receiveAndAck();
    });
    return { system: target.system, scenario, result };
  } finally {
    await Promise.allSettled(sessions.map((s) => s.close()));
  }
}
