import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { mergeProxiedOperations } from './gateway-document';
import { buildNodeApiDocument } from './node-api-document';

/** Swagger UI at /docs and OpenAPI JSON at /docs-json: the gateway's endpoints and the proxied node API. */
export async function setupGatewaySwagger(app: INestApplication): Promise<void> {
  const config = new DocumentBuilder()
    .setTitle('distributed-sync gateway')
    .setDescription(
      'One entry point in front of the cluster. The lock, queue and Raft endpoints are relayed to a node (the control-group leader first for locks; ' +
        'the node that last served a queue for queue calls) with status, body, Retry-After and the X-Client-Id / X-Request-Id / Idempotency-Key headers unchanged. ' +
        'x-gateway-upstream names the node called, x-served-by the node that decided when it was another one.',
    )
    .setVersion('0.1.0')
    .build();
  const document = mergeProxiedOperations(SwaggerModule.createDocument(app, config), await buildNodeApiDocument());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
