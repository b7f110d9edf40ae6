import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { parseHttpResponse } from './http-response';
import { RawHttpClient, RawHttpConnection } from './raw-http-client';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Feeds `wire` one byte at a time; returns the first answer and the bytes it took. */
function parseByteByByte(wire: Buffer) {
  for (let n = 0; n < wire.length; n++) expect(parseHttpResponse(wire.subarray(0, n), false)).toBeNull();
  return parseHttpResponse(wire, false);
}

describe('parseHttpResponse', () => {
  it('frames a body by content-length in bytes, whatever the split', () => {
    const body = '{"name":"verrou-é"}';
    const wire = bytes(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}HTTP/1.1 204`);
    const parsed = parseByteByByte(wire.subarray(0, wire.length - 'HTTP/1.1 204'.length));
    expect(parsed?.response).toMatchObject({ status: 200, keepAlive: true, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(parsed!.response.body.toString('utf8'))).toEqual({ name: 'verrou-é' });
    expect(parseHttpResponse(wire, false)?.consumed).toBe(wire.length - 'HTTP/1.1 204'.length);
  });

  it('joins a chunked body (extensions and trailers allowed)', () => {
    const wire = bytes('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4;x=y\r\n{"a"\r\n3\r\n:1}\r\n0\r\nx-trailer: t\r\n\r\n');
    const parsed = parseByteByByte(wire);
    expect(parsed?.response.body.toString()).toBe('{"a":1}');
    expect(parsed?.consumed).toBe(wire.length);
  });

  it('skips 1xx answers and reads no body on 204', () => {
    const parsed = parseHttpResponse(bytes('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nx: 1\r\n\r\n'), false);
    expect(parsed?.response).toMatchObject({ status: 204, headers: { x: '1' } });
    expect(parsed?.response.body.length).toBe(0);
  });

  it('reads a body without length up to the end of the connection, and does not keep that connection', () => {
    const wire = bytes('HTTP/1.1 200 OK\r\n\r\npartial');
    expect(parseHttpResponse(wire, false)).toBeNull();
    expect(parseHttpResponse(wire, true)?.response).toMatchObject({ keepAlive: false, body: bytes('partial') });
  });

  it('honours Connection: close and HTTP/1.0 defaults', () => {
    expect(parseHttpResponse(bytes('HTTP/1.1 200 OK\r\nConnection: close\r\ncontent-length: 0\r\n\r\n'), false)?.response.keepAlive).toBe(false);
    expect(parseHttpResponse(bytes('HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n'), false)?.response.keepAlive).toBe(false);
    expect(parseHttpResponse(bytes('HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 0\r\n\r\n'), false)?.response.keepAlive).toBe(true);
  });

  it('rejects malformed or cut-off answers', () => {
    expect(() => parseHttpResponse(bytes('SSH-2.0-OpenSSH\r\n\r\n'), false)).toThrow(/status line/);
    expect(() => parseHttpResponse(bytes('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n'), false)).toThrow(/chunk size/);
    expect(() => parseHttpResponse(bytes('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nshort'), true)).toThrow(/closed before/);
  });
});

describe('RawHttpConnection against node:http', () => {
  let server: Server;
  let port: number;
  const connections: number[] = [];
  let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => handler(req, res, body));
    });
    server.on('connection', () => connections.push(Date.now()));
    await listenInTestRange(server);
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    connections.length = 0;
  });

  it('sends method, path, headers and body, and reuses one connection', async () => {
    handler = (req, res, body) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, url: req.url, owner: req.headers['x-client-id'], length: req.headers['content-length'], body }));
    };
    const c = new RawHttpConnection('127.0.0.1', port);
    const a = await c.request({ method: 'POST', path: '/lock/a?wait_ms=5', headers: { 'x-client-id': 'c1' }, timeoutMs: 2000 });
    const b = await c.request({ method: 'PUT', path: '/x', body: 'é', timeoutMs: 2000 });
    const d = await c.request({ method: 'DELETE', path: '/lock/a', timeoutMs: 2000 });
    c.close();
    expect(JSON.parse(a.body.toString())).toEqual({ method: 'POST', url: '/lock/a?wait_ms=5', owner: 'c1', length: '0', body: '' });
    expect(JSON.parse(b.body.toString())).toMatchObject({ length: '2', body: 'é' });
    expect(JSON.parse(d.body.toString())).toMatchObject({ method: 'DELETE', body: '' });
    expect(connections).toHaveLength(1);
  });

  it('reads a streamed (chunked) answer', async () => {
    handler = (_req, res) => {
      res.write('{"part":');
      setTimeout(() => res.end('2}'), 10);
    };
    const c = new RawHttpConnection('127.0.0.1', port);
    const r = await c.request({ method: 'GET', path: '/', timeoutMs: 2000 });
    c.close();
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(JSON.parse(r.body.toString())).toEqual({ part: 2 });
  });

  it('opens a new connection after the server closes one (Connection: close, idle close)', async () => {
    handler = (req, res) => {
      if (req.url === '/close') res.setHeader('connection', 'close');
      res.end('ok');
    };
    const c = new RawHttpConnection('127.0.0.1', port);
    expect((await c.request({ method: 'GET', path: '/close', timeoutMs: 2000 })).status).toBe(200);
    expect((await c.request({ method: 'GET', path: '/', timeoutMs: 2000 })).body.toString()).toBe('ok');
    server.closeIdleConnections(); // as a keep-alive timeout does
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await c.request({ method: 'GET', path: '/', timeoutMs: 2000 })).body.toString()).toBe('ok');
    c.close();
    expect(connections).toHaveLength(3);
  });

  it('fails the request in flight when the connection dies or the answer is late, then recovers', async () => {
    handler = (req, res) => {
      if (req.url === '/die') req.socket.destroy();
      else if (req.url !== '/late') res.end('ok');
    };
    const c = new RawHttpConnection('127.0.0.1', port);
    await expect(c.request({ method: 'GET', path: '/die', timeoutMs: 2000 })).rejects.toThrow();
    await expect(c.request({ method: 'GET', path: '/late', timeoutMs: 50 })).rejects.toThrow(/no answer within 50 ms/);
    expect((await c.request({ method: 'GET', path: '/', timeoutMs: 2000 })).body.toString()).toBe('ok');
    c.close();
  });

  it('keeps one connection per origin in RawHttpClient and rejects refused connections', async () => {
    handler = (_req, res) => res.end('ok');
    const client = new RawHttpClient();
    const answer = await client.call({ method: 'GET', url: `http://127.0.0.1:${port}/a`, headers: {}, timeoutMs: 2000 });
    await client.call({ method: 'GET', url: `http://127.0.0.1:${port}/b`, headers: {}, timeoutMs: 2000 });
    const closed = new Server();
    await listenInTestRange(closed);
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(client.call({ method: 'GET', url: `http://127.0.0.1:${deadPort}/`, headers: {}, timeoutMs: 2000 })).rejects.toThrow(/ECONNREFUSED/);
    client.close();
    expect(answer).toMatchObject({ status: 200, text: 'ok' });
    expect(connections).toHaveLength(1);
  });
});

/** Listens on a free port in 18000-19999 (the range tests may use on this machine). */
async function listenInTestRange(server: Server): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 18000 + Math.floor(Math.random() * 2000);
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return;
  }
  throw new Error('no free port in 18000-19999');
}
