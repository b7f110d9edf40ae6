import { Controller, Delete, Get, NotFoundException, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { NodeProxy } from './node-proxy.service';
import { findRoute, pathsOf } from './proxied-routes';

/**
 * The node API through the gateway: every route of PROXIED_ROUTES, relayed by NodeProxy.
 * Excluded from the gateway's generated Swagger: the node's own OpenAPI operations are merged in
 * instead (docs/gateway-document.ts), so the gateway documents exactly what the nodes serve.
 */
@ApiExcludeController()
@Controller()
export class ProxyController {
  constructor(private readonly proxy: NodeProxy) {}

  @Get(pathsOf('GET'))
  get(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.relay(req, reply);
  }

  @Post(pathsOf('POST'))
  post(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.relay(req, reply);
  }

  @Delete(pathsOf('DELETE'))
  delete(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.relay(req, reply);
  }

  private relay(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const route = findRoute(req.method, req.routeOptions.url);
    if (!route) throw new NotFoundException(`${req.method} ${req.url} is not proxied`);
    return this.proxy.relay(route, req, reply);
  }
}
