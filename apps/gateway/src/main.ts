import 'reflect-metadata';
import { ConfigError } from '../../node/src/config/config-error';
import { JsonLogger } from '../../node/src/logging/json-logger';
import { loadGatewayConfig } from './config/gateway-config';
import { createGatewayApp } from './create-gateway-app';

/** Gateway process entry: GATEWAY_NODES, GATEWAY_PORT (default 8000), GATEWAY_HOST, LOG_LEVEL. */
async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const logger = new JsonLogger('gateway', config.logLevel);
  const app = await createGatewayApp(config, logger);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen({ port: config.port, host: config.host });
  logger.log('listening', { url: `http://${config.host}:${config.port}`, nodes: config.nodes.length }, 'Main');
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `gateway failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
