import { ErrorBody, HealthBody, NodeInfo, ProposalsPage, ProposeResponse, RaftStatusResponse } from './types';

/** A non-2xx answer; `body` is the node's JSON error ({error, message}) when it sent one. */
export class NodeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
    readonly retryAfterS: number | null,
  ) {
    super(body ? `${status} ${body.error}: ${body.message}` : `HTTP ${status}`);
    this.name = 'NodeApiError';
  }
}

export interface NodeClientOptions {
  /** Per-request timeout (default 5000 ms). */
  timeoutMs?: number;
  /** Extra headers on every request (e.g. X-Client-Id). */
  headers?: Record<string, string>;
}

/** Typed client of one node's REST API (fetch-based; used by the launcher, cluster tests and benches). */
export class NodeClient {
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;

  constructor(
    readonly baseUrl: string,
    options: NodeClientOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.headers = options.headers ?? {};
  }

  info(): Promise<NodeInfo> {
    return this.request<NodeInfo>('GET', '/');
  }

  propose(data: unknown): Promise<ProposeResponse> {
    return this.request<ProposeResponse>('POST', '/raft/propose', { data });
  }

  status(): Promise<RaftStatusResponse> {
    return this.request<RaftStatusResponse>('GET', '/raft/status');
  }

  proposals(from = 1, limit = 100): Promise<ProposalsPage> {
    return this.request<ProposalsPage>('GET', `/raft/proposals?from=${from}&limit=${limit}`);
  }

  transferLeadership(to: string): Promise<{ requested: string }> {
    return this.request<{ requested: string }>('POST', '/raft/transfer-leadership', { to });
  }

  /** Liveness: resolves with the body, whatever the status. */
  live(): Promise<{ ok: boolean; body: HealthBody }> {
    return this.health('/health/live');
  }

  /** Readiness: ok is false (503) until the control group has a leader and the store is writable. */
  ready(): Promise<{ ok: boolean; body: HealthBody }> {
    return this.health('/health/ready');
  }

  private async health(path: string): Promise<{ ok: boolean; body: HealthBody }> {
    const res = await this.fetch('GET', path);
    return { ok: res.ok, body: (await res.json()) as HealthBody };
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetch(method, path, body);
    const text = await res.text();
    const parsed: unknown = text === '' ? null : JSON.parse(text);
    if (!res.ok) {
      const retry = res.headers.get('retry-after');
      throw new NodeApiError(res.status, isErrorBody(parsed) ? parsed : null, retry === null ? null : Number(retry));
    }
    return parsed as T;
  }

  private fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
  }
}

function isErrorBody(x: unknown): x is ErrorBody {
  return typeof x === 'object' && x !== null && 'error' in x && 'message' in x;
}

/** Polls GET / of the nodes until one reports itself leader and every given node agrees; bounded by timeoutMs. */
export async function waitForLeader(clients: NodeClient[], timeoutMs = 10_000, pollMs = 100): Promise<NodeInfo> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const infos = await Promise.all(clients.map((c) => c.info().catch(() => null)));
    const leader = infos.find((i) => i?.role === 'leader');
    if (leader && infos.every((i) => i?.leader === leader.node)) return leader;
    last = JSON.stringify(infos.map((i) => (i ? { node: i.node, role: i.role, leader: i.leader, term: i.term } : null)));
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`no agreed leader within ${timeoutMs} ms; last view: ${last}`);
}
