import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /docs, OpenAPI JSON at /docs-json. */
export function setupSwagger(app: INestApplication, title: string, description: string, version: string): void {
  const config = new DocumentBuilder().setTitle(title).setDescription(description).setVersion(version).build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
