/**
 * Measuring code for peer transport micro-benchmarks, independent of the transport: a sender in
 * this process, a receiver in a forked child (so they do not share one event loop).
 *  - one-way throughput, messages/s, with K messages sent per event-loop tick, windowed by acks
 *    the receiver sends back over the same transport (so nothing is dropped by the queue bound);
 *  - round-trip p50/p99 of a sequential ping/pong over events.
 * A bench script supplies how to build its transport (see redis-throughput.ts).
 */
import { fork } from 'node:child_process';
import { NodeId, PeerPayload, PeerTransport, TransportStats } from '@app/core';
import { summarize } from '../support';

export const SENDER: NodeId = 'sender';
export const RECEIVER: NodeId = 'receiver';
const ACK_EVERY = 256;
const WINDOW = 8192; // unacked messages in flight, below the 10,000-payload queue bound

/** A transport whose stats count frames (every batching adapter's do). */
export type BenchTransport = Omit<PeerTransport, 'stats'> & { stats(): TransportStats & { framesSent: number } };

export interface TransportBenchOptions<T extends BenchTransport> {
  title: string;
  /** The sender's transport (the receiver's is built by the child with the same script). */
  sender: () => T;
  /** Resolves when the sender can reach the receiver. */
  ready: (t: T) => Promise<void>;
  /** The script to fork for the receiver, and its arguments (it must call runReceiver). */
  receiverScript: string;
  receiverArgs: string[];
  seconds: number;
  perTick: number[];
  rounds: number;
}

const msg = (from: NodeId, to: NodeId, type: 'heartbeat' | 'heartbeat-resp', context: string): PeerPayload =>
  type === 'heartbeat'
    ? { channel: 'raft', message: { group: 'control', from, to, term: 1, type, commit: 0, context } }
    : { channel: 'raft', message: { group: 'control', from, to, term: 1, type, context } };

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Child side: counts data messages, acks every ACK_EVERY, echoes pings as pongs; stops on 'stop'. */
export async function runReceiver(t: PeerTransport): Promise<void> {
  let count = 0;
  t.onReceive((from, p) => {
    if (p.message.type !== 'heartbeat') return;
    const ctx = p.message.context;
    if (ctx.startsWith('ping')) t.send(from, msg(RECEIVER, from, 'heartbeat-resp', ctx));
    else if (++count % ACK_EVERY === 0) t.send(from, msg(RECEIVER, from, 'heartbeat-resp', `ack:${count}`));
  });
  await t.start();
  process.send?.('ready');
  process.on('message', (m) => {
    if (m === 'reset') count = 0;
    if (m === 'stop') void t.stop().then(() => process.exit(0));
  });
}

/** Parent side: prints one line per perTick value, then the ping/pong latencies. */
export async function runTransportBench<T extends BenchTransport>(o: TransportBenchOptions<T>): Promise<void> {
  const child = fork(o.receiverScript, o.receiverArgs, { execArgv: process.execArgv });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`receiver exited with ${code} before it was ready`)));
  });
  const t = o.sender();
  let acked = 0;
  let pong: ((ctx: string) => void) | null = null;
  t.onReceive((_from, p) => {
    if (p.message.type !== 'heartbeat-resp') return;
    const ctx = p.message.context;
    if (ctx.startsWith('ack:')) acked = Number(ctx.slice(4));
    else pong?.(ctx);
  });
  try {
    await t.start();
    await o.ready(t);
    console.log(`${o.title}, ${o.seconds}s per run`);
    for (const perTick of o.perTick) {
      child.send('reset');
      await sleep(50);
      acked = 0;
      let sent = 0;
      const framesBefore = t.stats().framesSent;
      const t0 = performance.now();
      const end = t0 + o.seconds * 1000;
      while (performance.now() < end) {
        if (sent - acked < WINDOW) {
          for (let i = 0; i < perTick; i++) t.send(RECEIVER, msg(SENDER, RECEIVER, 'heartbeat', 'd'));
          sent += perTick;
        }
        await tick();
      }
      const sentAtEnd = sent;
      const drainDeadline = performance.now() + 10_000;
      while (acked < sentAtEnd - (sentAtEnd % ACK_EVERY) && performance.now() < drainDeadline) await tick();
      const secs = (performance.now() - t0) / 1000;
      const frames = t.stats().framesSent - framesBefore;
      console.log(
        `one-way, ${String(perTick).padStart(2)} msg/tick: ${Math.round(acked / secs).toLocaleString('en-US')} msg/s ` +
          `(${acked} acked of ${sentAtEnd} sent, ${frames} frames, ${(sentAtEnd / frames).toFixed(1)} msg/frame)`,
      );
    }

    const rtts: number[] = [];
    for (let i = 0; i < o.rounds; i++) {
      const ctx = `ping${i}`;
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        pong = (c) => c === ctx && resolve();
        t.send(RECEIVER, msg(SENDER, RECEIVER, 'heartbeat', ctx));
      });
      rtts.push(performance.now() - t0);
    }
    const s = summarize(rtts);
    console.log(`ping/pong round trip over events (${o.rounds} sequential): p50 ${s.p50.toFixed(3)} ms, p99 ${s.p99.toFixed(3)} ms, max ${s.max.toFixed(3)} ms`);
    const st = t.stats();
    console.log(`sender stats: dropped ${st.droppedOutbound}, rejected ${st.rejectedInbound}`);
  } finally {
    child.send('stop');
    await t.stop();
  }
}
