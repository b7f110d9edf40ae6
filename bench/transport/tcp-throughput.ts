/**
 * TCP peer transport micro-benchmark (measuring code: peer-transport-bench.ts): two
 * TcpPeerTransports on loopback, the receiver in a child process (so sender and receiver do not
 * share one event loop). One-way messages/s at 1 and 64 messages per tick, ping/pong round trips.
 *
 *   node -r @swc-node/register bench/transport/tcp-throughput.ts [--seconds 3] [--rounds 5000] [--nodelay false]
 */
import { NodeId } from '@app/core';
import { TcpPeerTransport } from '@app/adapters/transport-tcp';
import { argNumber, argValue } from '../support';
import { RECEIVER, runReceiver, runTransportBench, SENDER } from './peer-transport-bench';

const IDS: NodeId[] = [SENDER, RECEIVER];

function transport(self: NodeId, ports: number[], noDelay: boolean): TcpPeerTransport {
  const dir = new Map(IDS.map((id, i) => [id, { host: '127.0.0.1', peerPort: ports[i] }]));
  return new TcpPeerTransport(self, { host: '127.0.0.1', port: ports[IDS.indexOf(self)] }, dir, { noDelay });
}

async function main(): Promise<void> {
  const noDelay = argValue('nodelay', 'true') !== 'false';
  const base = 19000 + Math.floor(Math.random() * 990);
  const ports = [base, base + 1];
  await runTransportBench({
    title: `TCP peer transport, loopback, receiver in a child process, TCP_NODELAY=${noDelay}`,
    sender: () => transport(SENDER, ports, noDelay),
    ready: async (t) => {
      while (t.stats().connectedPeers.length === 0) await new Promise((r) => setTimeout(r, 5));
    },
    receiverScript: __filename,
    receiverArgs: ['--role', 'receiver', '--ports', ports.join(','), '--nodelay', String(noDelay)],
    seconds: argNumber('seconds', 3),
    perTick: [1, 64],
    rounds: argNumber('rounds', 5000),
  });
}

if (argValue('role', '') === 'receiver') {
  void runReceiver(transport(RECEIVER, argValue('ports', '').split(',').map(Number), argValue('nodelay', 'true') !== 'false'));
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
