import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertPortsFree, ManagedProcess, makeTempDir, waitForPort } from '../support';

/**
 * A throw-away 3-server NATS cluster with JetStream file storage on loopback: client ports
 * 14222-14224, cluster (route) ports 16222-16224, store dirs in a temp dir removed at exit.
 * The machine's own NATS on 4222 is not touched.
 */
export const NATS_BINARY = process.env.NATS_SERVER_BINARY ?? '/usr/sbin/nats-server';

export interface NatsServer {
  name: string;
  clientPort: number;
  clusterPort: number;
  process: ManagedProcess;
}

export class NatsCluster {
  readonly servers: NatsServer[];
  readonly dataDir: string;

  constructor(size = 3, clientBase = 14222, clusterBase = 16222) {
    this.dataDir = makeTempDir('bench-nats-');
    const routes = Array.from({ length: size }, (_, i) => `nats-route://127.0.0.1:${clusterBase + i}`);
    this.servers = Array.from({ length: size }, (_, i) => {
      const name = `nats${i + 1}`;
      const configFile = join(this.dataDir, `${name}.conf`);
      // JetStream's defaults are kept (in 2.9 the store is fsynced on a timer, not per message).
      writeFileSync(
        configFile,
        [
          `server_name: ${name}`,
          `listen: 127.0.0.1:${clientBase + i}`,
          `jetstream {`,
          `  store_dir: "${join(this.dataDir, name)}"`,
          `  max_memory_store: 256MB`,
          `  max_file_store: 4GB`,
          `}`,
          `cluster {`,
          `  name: bench`,
          `  listen: 127.0.0.1:${clusterBase + i}`,
          `  routes: [${routes.join(', ')}]`,
          `}`,
          '',
        ].join('\n'),
      );
      const process_ = new ManagedProcess({ name, command: NATS_BINARY, args: ['-c', configFile], logFile: join(this.dataDir, `${name}.log`) });
      return { name, clientPort: clientBase + i, clusterPort: clusterBase + i, process: process_ };
    });
  }

  get urls(): string[] {
    return this.servers.map((s) => `127.0.0.1:${s.clientPort}`);
  }

  async start(timeoutMs = 30_000): Promise<void> {
    await assertPortsFree(this.servers.flatMap((s) => [s.clientPort, s.clusterPort]));
    for (const s of this.servers) s.process.start();
    for (const s of this.servers) await waitForPort(s.clientPort, timeoutMs);
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.process.stop()));
  }
}
