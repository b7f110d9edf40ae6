import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonExceptionFilter } from './http/json-exception.filter';
import { NodeAppModule, NodeAppOptions } from './node-app.module';
import { setupSwagger } from './swagger';

const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds (not yet listening) the node's Nest application: used by main.ts and the e2e tests. */
export async function createNodeApp(options: NodeAppOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(NodeAppModule.forRoot(options), new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }), {
    logger: options.logger,
    abortOnError: false,
  });
  app.useGlobalFilters(new JsonExceptionFilter(options.logger));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
    }),
  );
  setupSwagger(app, `distributed-sync node ${options.config.nodeId}`, 'REST API of one cluster member. Any node accepts any request and forwards to the leader when needed.', '0.1.0');
  return app;
}
