import 'reflect-metadata';
import { ConfigError } from './config/config-error';
import { loadNodeConfig, NodeConfig } from './config/node-config';
import { createNodeApp } from './create-node-app';
import { installLeanAsyncResourceBind } from './infra/lean-async-resource-bind';
import { DefaultRaftNodeFactory } from './infra/raft-node.default';
import { createLogStore } from './infra/log-store.factory';
import { createTransport } from './infra/transport.factory';
import { JsonLogger } from './logging/json-logger';

/** Process entry of one cluster member; the environment contract is in apps/node/README.md. */
async function main(): Promise<void> {
  installLeanAsyncResourceBind();
  const config = loadNodeConfig(process.env);
  const logger = new JsonLogger(config.nodeId, config.logLevel);
  const app = await createNodeApp({
    config,
    logger,
    logStore: createLogStore(config),
    transport: createTransport(config, logger),
    raftNodes: new DefaultRaftNodeFactory(),
  });
  // SIGTERM/SIGINT: Nest runs the shutdown hooks (stop ticking, flush, close transport and store).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen({ port: config.httpPort, host: config.httpHost });
  logger.log('listening', { url: `http://${config.httpHost}:${config.httpPort}`, peerPort: config.peerPort, store: config.store, transport: config.transport }, 'Main');
}

function fail(error: unknown, config?: NodeConfig): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    const msg = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(JSON.stringify({ ts: new Date().toISOString(), level: 'error', node: config?.nodeId, context: 'Main', msg: 'failed to start', error: msg }) + '\n');
  }
  process.exit(1);
}

main().catch((error: unknown) => fail(error));
