import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonExceptionFilter } from '../../node/src/http/json-exception.filter';
import { JsonLogger } from '../../node/src/logging/json-logger';
import { GatewayConfig } from './config/gateway-config';
import { setupGatewaySwagger } from './docs/setup-gateway-swagger';
import { GatewayAppModule } from './gateway-app.module';
import { GATEWAY_BODY_LIMIT_BYTES, keepRawBodies } from './proxy/raw-body';

/** Path parameters up to 1 KiB, as on the nodes (a 256-character lock name, percent-encoded). */
const ROUTER_OPTIONS = { maxParamLength: 1024, ignoreTrailingSlash: true };

export async function createGatewayApp(config: GatewayConfig, logger: JsonLogger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: GATEWAY_BODY_LIMIT_BYTES, routerOptions: ROUTER_OPTIONS });
  keepRawBodies(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(GatewayAppModule.forRoot(config, logger), adapter, { logger, abortOnError: false, bodyParser: false });
  app.useGlobalFilters(new JsonExceptionFilter(logger));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await setupGatewaySwagger(app);
  return app;
}
