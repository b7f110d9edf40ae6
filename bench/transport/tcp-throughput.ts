/**
 * Peer transport micro-benchmark: two TcpPeerTransports on loopback, the receiver in a child
 * process (so sender and receiver do not share one event loop).
 *  - one-way throughput, messages/s, with K messages sent per event-loop tick (K = 1 and 64),
 *    windowed by acks the receiver sends back over the same transport (no drops);
 *  - round-trip p50/p99 of a sequential ping/pong over events.
 *
 *   node -r @swc-node/register bench/transport/tcp-throughput.ts [--seconds 3] [--nodelay false]
 */
import { fork } from 'node:child_process';
import { NodeId, PeerPayload } from '@app/core';
import { TcpPeerTransport } from '@app/adapters/transport-tcp';

const IDS: NodeId[] = ['sender', 'receiver'];
const WINDOW = 8192; // unacked messages in flight, below the 10,000-payload queue bound

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const msg = (from: NodeId, to: NodeId, type: 'heartbeat' | 'heartbeat-resp', context: string): PeerPayload =>
  type === 'heartbeat'
    ? { channel: 'raft', message: { group: 'control', from, to, term: 1, type, commit: 0, context } }
    : { channel: 'raft', message: { group: 'control', from, to, term: 1, type, context } };

function transport(self: NodeId, ports: number[], noDelay: boolean): TcpPeerTransport {
  const dir = new Map(IDS.map((id, i) => [id, { host: '127.0.0.1', peerPort: ports[i] }]));
  return new TcpPeerTransport(self, { host: '127.0.0.1', port: ports[IDS.indexOf(self)] }, dir, { noDelay });
}

/** Child: counts data messages, acks every 256, echoes pings as pongs. */
async function receiver(ports: number[], noDelay: boolean): Promise<void> {
  const t = transport('receiver', ports, noDelay);
  let count = 0;
  t.onReceive((from, p) => {
    if (p.message.type !== 'heartbeat') return;
    const ctx = p.message.context;
    if (ctx.startsWith('ping')) t.send(from, msg('receiver', from, 'heartbeat-resp', ctx));
    else if (++count % 256 === 0) t.send(from, msg('receiver', from, 'heartbeat-resp', `ack:${count}`));
  });
  await t.start();
  process.send?.('ready');
  process.on('message', async (m) => {
    if (m === 'reset') count = 0;
    if (m === 'stop') {
      await t.stop();
      process.exit(0);
    }
  });
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '3'));
  const noDelay = arg('nodelay', 'true') !== 'false';
  const base = 19000 + Math.floor(Math.random() * 990);
  const ports = [base, base + 1];
  const child = fork(__filename, ['--role', 'receiver', '--ports', ports.join(','), '--nodelay', String(noDelay)], {
    execArgv: process.execArgv,
  });
  await new Promise<void>((r) => child.once('message', () => r()));

  const t = transport('sender', ports, noDelay);
  let acked = 0;
  let pong: ((ctx: string) => void) | null = null;
  t.onReceive((_from, p) => {
    if (p.message.type !== 'heartbeat-resp') return;
    const ctx = p.message.context;
    if (ctx.startsWith('ack:')) acked = Number(ctx.slice(4));
    else pong?.(ctx);
  });
  await t.start();
  while (t.stats().connectedPeers.length === 0) await new Promise((r) => setTimeout(r, 5));

  console.log(`TCP peer transport, loopback, receiver in a child process, TCP_NODELAY=${noDelay}, ${seconds}s per run`);
  for (const perTick of [1, 64]) {
    child.send('reset');
    await new Promise((r) => setTimeout(r, 50));
    acked = 0;
    let sent = 0;
    const framesBefore = t.stats().framesSent;
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    while (performance.now() < end) {
      if (sent - acked < WINDOW) {
        for (let i = 0; i < perTick; i++) t.send('receiver', msg('sender', 'receiver', 'heartbeat', 'd'));
        sent += perTick;
      }
      await tick();
    }
    const sentAtEnd = sent;
    while (acked < sentAtEnd - (sentAtEnd % 256)) await tick();
    const secs = (performance.now() - t0) / 1000;
    const frames = t.stats().framesSent - framesBefore;
    console.log(
      `one-way, ${String(perTick).padStart(2)} msg/tick: ${Math.round(acked / secs).toLocaleString('en-US')} msg/s ` +
        `(${acked} acked, ${frames} frames, ${(sentAtEnd / frames).toFixed(1)} msg/frame)`,
    );
  }

  const rounds = Number(arg('rounds', '5000'));
  const rtts: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const ctx = `ping${i}`;
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      pong = (c) => c === ctx && resolve();
      t.send('receiver', msg('sender', 'receiver', 'heartbeat', ctx));
    });
    rtts.push(performance.now() - t0);
  }
  rtts.sort((a, b) => a - b);
  const pct = (p: number): string => rtts[Math.min(rtts.length - 1, Math.floor((p / 100) * rtts.length))].toFixed(3);
  console.log(`ping/pong round trip over events (${rounds} sequential): p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${pct(100)} ms`);
  const s = t.stats();
  console.log(`sender stats: dropped ${s.droppedOutbound}, rejected ${s.rejectedInbound}`);

  child.send('stop');
  await t.stop();
}

if (arg('role', '') === 'receiver') {
  void receiver(arg('ports', '').split(',').map(Number), arg('nodelay', 'true') !== 'false');
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
