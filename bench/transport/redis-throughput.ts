/**
 * Redis peer transport micro-benchmark (measuring code: peer-transport-bench.ts): a sender and a
 * receiver RedisPeerTransport, the receiver in a child process, both through one Redis.
 *
 *   node -r @swc-node/register bench/transport/redis-throughput.ts [--seconds 3] [--rounds 5000] [--redis redis://127.0.0.1:6379]
 *
 * Uses its own channel prefix (bench:<pid>:...), so it can run beside tests on a shared Redis.
 */
import { RedisPeerTransport } from '@app/adapters/transport-redis';
import { NodeId } from '@app/core';
import { argNumber, argValue } from '../support';
import { RECEIVER, runReceiver, runTransportBench, SENDER } from './peer-transport-bench';

function transport(self: NodeId, url: string, prefix: string): RedisPeerTransport {
  return new RedisPeerTransport(self, [SENDER, RECEIVER], url, { channelPrefix: prefix });
}

async function main(): Promise<void> {
  const url = argValue('redis', 'redis://127.0.0.1:6379');
  const prefix = `bench:${process.pid}-${Date.now().toString(36)}`;
  await runTransportBench({
    title: `Redis peer transport via ${url}, receiver in a child process`,
    sender: () => transport(SENDER, url, prefix),
    // start() resolves once subscribed and the child said ready after its own start().
    ready: async () => undefined,
    receiverScript: __filename,
    receiverArgs: ['--role', 'receiver', '--redis', url, '--prefix', prefix],
    seconds: argNumber('seconds', 3),
    perTick: [1, 64],
    rounds: argNumber('rounds', 5000),
  });
}

if (argValue('role', '') === 'receiver') {
  void runReceiver(transport(RECEIVER, argValue('redis', ''), argValue('prefix', '')));
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
