import { OpenAPIObject } from '@nestjs/swagger';
import { openApiPath, PROXIED_ROUTES } from '../proxy/proxied-routes';

type Operations = OpenAPIObject['paths'][string];

/**
 * The gateway's own document (cluster view, health) plus, for every proxied route, the node's
 * operation with its parameters, bodies, answers and schemas.
 */
export function mergeProxiedOperations(gateway: OpenAPIObject, node: OpenAPIObject): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = { ...gateway.paths };
  for (const route of PROXIED_ROUTES) {
    const path = openApiPath(route.path);
    const method = route.method.toLowerCase() as 'get' | 'post' | 'delete';
    const operation = node.paths[path]?.[method];
    if (!operation) throw new Error(`the node API has no ${route.method} ${path}: PROXIED_ROUTES is out of date`);
    const existing: Operations = paths[path] ?? {};
    paths[path] = { ...existing, [method]: operation };
  }
  const tags = [...(gateway.tags ?? []), ...(node.tags ?? []).filter((t) => !(gateway.tags ?? []).some((g) => g.name === t.name))];
  return {
    ...gateway,
    paths,
    tags,
    components: {
      ...gateway.components,
      // The gateway's own schemas win a name clash (none today).
      schemas: { ...(node.components?.schemas ?? {}), ...(gateway.components?.schemas ?? {}) },
    },
  };
}
