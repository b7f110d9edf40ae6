import { KeepAliveHttpClient } from '../../apps/node/src/http/keep-alive-http-client';
import { RawHttpClient } from './raw-http-client';

/**
 * The HTTP client our benches' sessions use: `node-http` (node:http Agent with keepAlive, one
 * socket, the client our nodes use between themselves) or `raw` (the raw-socket HTTP/1.1 client,
 * several times cheaper in CPU, which the load generator otherwise takes from the nodes).
 */
export type BenchHttpClientKind = 'raw' | 'node-http';

export function parseClientKind(value: string | undefined): BenchHttpClientKind {
  if (value === undefined || value === 'node-http') return 'node-http';
  if (value === 'raw') return 'raw';
  throw new Error(`--client must be raw or node-http, not ${value}`);
}

export interface BenchHttpClient {
  call(c: { method: string; url: string; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<{ status: number; text: string }>;
  close(): void;
}

/** One client with one kept-alive connection per host. */
export function createBenchHttpClient(kind: BenchHttpClientKind): BenchHttpClient {
  return kind === 'raw' ? new RawHttpClient() : new KeepAliveHttpClient(1);
}
