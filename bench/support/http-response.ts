/**
 * The HTTP/1.1 response framing a bench client needs, as a pure function over the bytes received
 * so far: status line, headers, and a body delimited by content-length, by chunked
 * transfer-encoding, or by the end of the connection. 1xx answers are skipped.
 */
export interface HttpResponse {
  status: number;
  /** Lower-case names; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** False when the server will close (or has closed) the connection after this answer. */
  keepAlive: boolean;
}

export interface Parsed {
  response: HttpResponse;
  /** Bytes of the input this answer took. */
  consumed: number;
}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * The first complete answer in `buf`, or null when more bytes are needed. `ended`: the peer closed
 * the connection, so a body without a length ends here and an incomplete answer is an error.
 * `bodyless`: the request was HEAD (no body whatever the headers say). Throws on malformed input.
 */
export function parseHttpResponse(buf: Buffer, ended: boolean, bodyless = false): Parsed | null {
  let offset = 0;
  for (;;) {
    const headEnd = buf.indexOf(HEAD_END, offset);
    if (headEnd < 0) return incomplete(ended);
    const lines = buf.toString('latin1', offset, headEnd).split('\r\n');
    const statusLine = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0]);
    if (!statusLine) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(lines[0].slice(0, 80))}`);
    const status = Number(statusLine[2]);
    const headers = parseHeaders(lines.slice(1));
    const bodyStart = headEnd + HEAD_END.length;
    if (status >= 100 && status < 200) {
      offset = bodyStart; // informational (100 Continue, 103): the real answer follows
      continue;
    }
    const connection = (headers.connection ?? '').toLowerCase();
    let keepAlive = statusLine[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
    let body: Buffer;
    let end: number;
    if (bodyless || status === 204 || status === 304) {
      body = Buffer.alloc(0);
      end = bodyStart;
    } else if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
      const chunked = parseChunked(buf, bodyStart);
      if (!chunked) return incomplete(ended);
      ({ body, end } = chunked);
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (!Number.isSafeInteger(length) || length < 0) throw new Error(`bad content-length ${headers['content-length']}`);
      if (buf.length < bodyStart + length) return incomplete(ended);
      body = buf.subarray(bodyStart, bodyStart + length);
      end = bodyStart + length;
    } else {
      if (!ended) return null; // the body runs to the end of the connection
      body = buf.subarray(bodyStart);
      end = buf.length;
      keepAlive = false;
    }
    return { response: { status, headers, body, keepAlive }, consumed: end };
  }
}

function incomplete(ended: boolean): null {
  if (ended) throw new Error('connection closed before the whole answer arrived');
  return null;
}

function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`bad header line: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

/** A chunked body starting at `pos`: size line, data, CRLF, …, a 0 size, trailers, empty line. */
function parseChunked(buf: Buffer, pos: number): { body: Buffer; end: number } | null {
  const chunks: Buffer[] = [];
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, pos);
    if (lineEnd < 0) return null;
    const sizeText = buf.toString('latin1', pos, lineEnd).split(';')[0].trim();
    const size = /^[0-9a-f]+$/i.test(sizeText) ? parseInt(sizeText, 16) : Number.NaN;
    if (!Number.isSafeInteger(size)) throw new Error(`bad chunk size ${JSON.stringify(sizeText.slice(0, 20))}`);
    pos = lineEnd + CRLF.length;
    if (size === 0) {
      for (;;) {
        const trailerEnd = buf.indexOf(CRLF, pos);
        if (trailerEnd < 0) return null;
        if (trailerEnd === pos) return { body: Buffer.concat(chunks), end: pos + CRLF.length };
        pos = trailerEnd + CRLF.length;
      }
    }
    if (buf.length < pos + size + CRLF.length) return null;
    if (buf[pos + size] !== 13 || buf[pos + size + 1] !== 10) throw new Error('chunk not followed by CRLF');
    chunks.push(buf.subarray(pos, pos + size));
    pos += size + CRLF.length;
  }
}
