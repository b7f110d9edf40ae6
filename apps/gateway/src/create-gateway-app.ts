import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonExceptionFilter } from '../../node/src/http/json-exception.filter';
import { JsonLogger } from '../../node/src/logging/json-logger';
import { setupSwagger } from '../../node/src/swagger';
import { GatewayConfig } from './config/gateway-config';
import { GatewayAppModule } from './gateway-app.module';

export async function createGatewayApp(config: GatewayConfig, logger: JsonLogger): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(GatewayAppModule.forRoot(config, logger), new FastifyAdapter(), { logger, abortOnError: false });
  app.useGlobalFilters(new JsonExceptionFilter(logger));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  setupSwagger(app, 'distributed-sync gateway', 'One entry point in front of the cluster: cluster view now; routing to leaders and owners comes with the feature APIs.', '0.1.0');
  return app;
}
