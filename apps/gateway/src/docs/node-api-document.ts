import { MemoryLogStore, MemoryLogVolume } from '@app/adapters/store-memory';
import { MemoryNetwork, MemoryPeerTransport } from '@app/adapters/transport-memory';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { loadNodeConfig } from '../../../node/src/config/node-config';
import { DefaultRaftNodeFactory } from '../../../node/src/infra/raft-node.default';
import { JsonLogger } from '../../../node/src/logging/json-logger';
import { NodeAppModule } from '../../../node/src/node-app.module';

/**
 * The node's OpenAPI document, generated from the node's own controllers and DTOs in this
 * process: Nest's preview mode resolves the module graph without instantiating anything (no
 * store, no transport, no timer). Nothing has to be reachable when the gateway starts, and the
 * document is the one of the node code this gateway was built with.
 */
export async function buildNodeApiDocument(): Promise<OpenAPIObject> {
  const id = 'docs';
  const config = loadNodeConfig({ NODE_ID: id, CLUSTER_MEMBERS: `${id}=127.0.0.1:1:2`, STORE: 'memory', TRANSPORT: 'memory' });
  const module = NodeAppModule.forRoot({
    config,
    logger: new JsonLogger(id, 'error', () => undefined),
    logStore: new MemoryLogStore(new MemoryLogVolume()),
    transport: new MemoryPeerTransport(id, new MemoryNetwork(), [id]),
    raftNodes: new DefaultRaftNodeFactory(),
  });
  const app = await NestFactory.create(module, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    return SwaggerModule.createDocument(app, new DocumentBuilder().build());
  } finally {
    await app.close();
  }
}
