import { AddressInfo } from 'node:net';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { KeepAliveHttpClient } from './keep-alive-http-client';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; url: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => handler(req, body, res));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, connections: () => connections };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}

describe('KeepAliveHttpClient', () => {
  const client = new KeepAliveHttpClient(4);
  afterAll(() => client.close());

  it('sends method, headers and body, and returns status, headers and text', async () => {
    const { server, url } = await serve((req, body, res) => {
      res.setHeader('retry-after', '1');
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, path: req.url, type: req.headers['content-type'], body }));
    });
    try {
      const answer = await client.call({ method: 'POST', url: `${url}/raft/propose?x=1`, headers: { 'content-type': 'application/json' }, body: '{"data":"é"}', timeoutMs: 2000 });
      expect(answer.status).toBe(201);
      expect(answer.headers['retry-after']).toBe('1');
      expect(JSON.parse(answer.text)).toEqual({ method: 'POST', path: '/raft/propose?x=1', type: 'application/json', body: '{"data":"é"}' });
    } finally {
      await close(server);
    }
  });

  it('reuses one connection for calls made one after the other', async () => {
    const { server, url, connections } = await serve((_req, _body, res) => res.end('ok'));
    try {
      for (let i = 0; i < 5; i++) expect((await client.call({ method: 'GET', url, headers: {}, timeoutMs: 2000 })).text).toBe('ok');
      expect(connections()).toBe(1);
    } finally {
      await close(server);
    }
  });

  it('a call after the server closed the kept-alive connection goes over a fresh one', async () => {
    let calls = 0;
    const { server, url, connections } = await serve((_req, _body, res) => {
      calls++;
      res.end('ok');
    });
    try {
      await client.call({ method: 'GET', url, headers: {}, timeoutMs: 2000 });
      // The server drops its idle connections; the client still holds one in its pool.
      server.closeIdleConnections();
      await new Promise((r) => setTimeout(r, 50));
      const answer = await client.call({ method: 'POST', url, headers: {}, body: 'x', timeoutMs: 2000 });
      expect(answer.text).toBe('ok');
      expect(calls).toBe(2);
      expect(connections()).toBe(2);
    } finally {
      await close(server);
    }
  });

  it('fails a call that gets no answer in time', async () => {
    const { server, url } = await serve(() => undefined); // never answers
    try {
      await expect(client.call({ method: 'GET', url, headers: {}, timeoutMs: 100 })).rejects.toThrow('no answer within 100 ms');
    } finally {
      await close(server);
    }
  });

  it('fails a call to a port nobody listens on', async () => {
    const { server, url } = await serve((_req, _body, res) => res.end());
    await close(server);
    await expect(client.call({ method: 'GET', url, headers: {}, timeoutMs: 1000 })).rejects.toThrow(/ECONNREFUSED/);
  });
});
