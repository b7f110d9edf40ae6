import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { MetricFamily } from './exposition';

/** Requests that matched no route share one label value, so a scan of random URLs cannot grow the series. */
const UNMATCHED = 'unmatched';

/**
 * Counts finished HTTP requests by method, route pattern (`/lock/:name`, never the raw URL: the
 * series stay bounded) and status, from a Fastify onResponse hook.
 */
@Injectable()
export class HttpRequestCounter implements OnModuleInit {
  private readonly counts = new Map<string, { method: string; route: string; status: string; n: number }>();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // Hooks can only be added before Fastify is ready; the app is not listening yet here.
    fastify?.addHook('onResponse', (request, reply, done) => {
      this.record(request.method, request.routeOptions.url ?? UNMATCHED, reply.statusCode);
      done();
    });
  }

  record(method: string, route: string, status: number): void {
    const key = `${method} ${route} ${status}`;
    const entry = this.counts.get(key);
    if (entry) entry.n++;
    else this.counts.set(key, { method, route, status: String(status), n: 1 });
  }

  family(): MetricFamily {
    return {
      name: 'dsync_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code',
      type: 'counter',
      samples: [...this.counts.values()].map((c) => ({ labels: { method: c.method, route: c.route, status: c.status }, value: c.n })),
    };
  }
}
