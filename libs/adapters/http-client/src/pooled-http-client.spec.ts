import { AddressInfo } from 'node:net';
import { createServer, Server } from 'node:http';
import { HttpCallError, PooledHttpClient } from './pooled-http-client';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}

describe('PooledHttpClient', () => {
  const client = new PooledHttpClient(4, 2);
  afterAll(() => client.close());

  it('returns the answer body byte for byte', async () => {
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    const server = createServer((req, res) => req.pipe(res));
    const url = await listen(server);
    try {
      const answer = await client.call({ method: 'POST', url, headers: {}, body: bytes, timeoutMs: 2000 });
      expect(answer.status).toBe(200);
      expect(answer.body.equals(bytes)).toBe(true);
    } finally {
      await close(server);
    }
  });

  it('a refused connection is not-sent, not timed out', async () => {
    const server = createServer((_req, res) => res.end());
    const url = await listen(server);
    await close(server);
    const error: unknown = await client.call({ method: 'GET', url, headers: {}, connectTimeoutMs: 1000, timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpCallError);
    expect(error).toMatchObject({ kind: 'not-sent', timedOut: false });
    expect((error as HttpCallError).message).toMatch(/ECONNREFUSED/);
  });

  it('no answer after the request went out is maybe-sent and timed out', async () => {
    const server = createServer(() => undefined); // never answers
    const url = await listen(server);
    try {
      const error: unknown = await client.call({ method: 'GET', url, headers: {}, connectTimeoutMs: 1000, timeoutMs: 100 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'maybe-sent', timedOut: true, message: 'no answer within 100 ms' });
    } finally {
      await close(server);
    }
  });
});
