import { NodeId, PeerPayload } from '@app/core';
import { TcpPeerTransport, TcpPeerTransportOptions } from '@app/adapters/transport-tcp';

/** Ports from the peer-TCP test range 19000-19999, random per call to avoid other test files. */
export function randomPorts(n: number): number[] {
  const base = 19000 + Math.floor(Math.random() * (1000 - n));
  return Array.from({ length: n }, (_, i) => base + i);
}

export const hb = (from: NodeId, to: NodeId, context = ''): PeerPayload => ({
  channel: 'raft',
  message: { group: 'control', from, to, term: 1, type: 'heartbeat', commit: 0, context },
});

export const contextOf = (p: PeerPayload): string => (p.message.type === 'heartbeat' ? p.message.context : p.message.type);

/** Polls until cond() holds; fails the test with `what` after timeoutMs. */
export async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const FAST_RECONNECT: TcpPeerTransportOptions = { reconnect: { initialMs: 10, maxMs: 100, jitter: 0.5 } };

export interface TestNode {
  id: NodeId;
  port: number;
  transport: TcpPeerTransport;
  inbox: Array<{ from: NodeId; payload: PeerPayload }>;
}

export function directory(ids: NodeId[], ports: number[]): Map<NodeId, { host: string; peerPort: number }> {
  return new Map(ids.map((id, i) => [id, { host: '127.0.0.1', peerPort: ports[i] }]));
}

export function makeNode(id: NodeId, ids: NodeId[], ports: number[], options: TcpPeerTransportOptions = FAST_RECONNECT): TestNode {
  const port = ports[ids.indexOf(id)];
  const transport = new TcpPeerTransport(id, { host: '127.0.0.1', port }, directory(ids, ports), options);
  const node: TestNode = { id, port, transport, inbox: [] };
  transport.onReceive((from, payload) => node.inbox.push({ from, payload }));
  return node;
}
