import { KeepAliveHttpClient } from '../../../apps/node/src/http/keep-alive-http-client';

/** Kept-alive HTTP for cluster tests (fetch costs several times the CPU per request on Node 20). */
const http = new KeepAliveHttpClient(64);

export interface HttpResult {
  status: number;
  body: unknown;
}

/** One request; a connection error or timeout is status 0 (outcome unknown). */
export async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 4000): Promise<HttpResult> {
  try {
    const res = await http.call({
      method,
      url,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs,
    });
    let parsed: unknown = undefined;
    try {
      parsed = res.text === '' ? undefined : (JSON.parse(res.text) as unknown);
    } catch {
      parsed = res.text;
    }
    return { status: res.status, body: parsed };
  } catch {
    return { status: 0, body: undefined };
  }
}

export function field<T>(body: unknown, name: string): T | undefined {
  return typeof body === 'object' && body !== null ? (Reflect.get(body, name) as T) : undefined;
}
