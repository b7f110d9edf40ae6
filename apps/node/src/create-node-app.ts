import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonExceptionFilter } from './http/json-exception.filter';
import { NodeAppModule, NodeAppOptions } from './node-app.module';
import { setupSwagger } from './swagger';

const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * Path parameters up to 1 KiB (a 256-character lock name, percent-encoded, instead of Fastify's
 * 100-character default, which answers 414); "/lock/" reaches the "/lock" route, whose
 * handler answers 400 for the empty name.
 */
const ROUTER_OPTIONS = { maxParamLength: 1024, ignoreTrailingSlash: true };

/** Builds (not yet listening) the node's Nest application: used by main.ts and the e2e tests. */
export async function createNodeApp(options: NodeAppOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(NodeAppModule.forRoot(options), new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, routerOptions: ROUTER_OPTIONS }), {
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
