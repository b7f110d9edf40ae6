import { NodeId, PeerPayload, PeerTransport } from '@app/core';
import { RedisPeerTransport, RedisPeerTransportOptions } from '@app/adapters/transport-redis';
import Redis from 'ioredis';
import { contextOf, hb } from './tcp-test-helpers';

/** The machine's shared Redis. Never FLUSHALL or stop it: other engineers' tests use it too. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A raw client for the test itself (publishing garbage, CLIENT LIST/KILL); fails fast when Redis is down. */
export async function connectAdmin(): Promise<Redis> {
  const admin = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 2000, retryStrategy: () => null, maxRetriesPerRequest: 1, disconnectTimeout: 100 });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    await admin.ping();
  } catch (err) {
    admin.disconnect();
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `Redis is not reachable at ${TEST_REDIS_URL} (${reason}). The Redis transport tests need a running Redis: ` +
        'start one (.ci/run does) or point TEST_REDIS_URL at one. These tests never skip.',
    );
  }
  return admin;
}

/** A channel prefix no other test run shares, so runs and engineers never see each other's traffic. */
export function uniquePrefix(label: string): string {
  return `dsync-test:${label}:${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export const FAST_REDIS_RECONNECT: RedisPeerTransportOptions = { reconnect: { initialMs: 10, maxMs: 100, jitter: 0.5 } };

export interface RedisTestNode {
  id: NodeId;
  transport: RedisPeerTransport;
  inbox: Array<{ from: NodeId; payload: PeerPayload }>;
}

export function makeRedisNode(id: NodeId, ids: NodeId[], channelPrefix: string, options: RedisPeerTransportOptions = {}): RedisTestNode {
  const transport = new RedisPeerTransport(id, ids, TEST_REDIS_URL, { ...FAST_REDIS_RECONNECT, ...options, channelPrefix });
  const node: RedisTestNode = { id, transport, inbox: [] };
  transport.onReceive((from, payload) => node.inbox.push({ from, payload }));
  return node;
}

/** CLIENT KILL of one of a transport's two connections, found by its name (the node's channel). */
export async function killConnection(admin: Redis, transport: RedisPeerTransport, role: 'sub' | 'pub'): Promise<void> {
  const list = String(await admin.client('LIST'));
  const mine = list
    .split('\n')
    .map((line) => Object.fromEntries(line.split(' ').map((kv) => kv.split('=', 2) as [string, string])))
    .filter((c) => c.name === transport.channel && (role === 'sub') === Number(c.sub) > 0);
  if (mine.length !== 1) throw new Error(`expected one ${role} connection named ${transport.channel}, found ${mine.length}`);
  await admin.client('KILL', 'ID', mine[0].id);
}

/** Any transport under test with the messages it received. */
export interface InboxNode {
  id: NodeId;
  transport: PeerTransport;
  inbox: Array<{ from: NodeId; payload: PeerPayload }>;
}

/** Each node sends `count` numbered heartbeats to each other node; returns what each pair must see, in order. */
export function sendToEveryPeer(nodes: InboxNode[], count: number): Record<string, string[]> {
  const expected: Record<string, string[]> = {};
  for (const a of nodes) {
    for (const b of nodes.filter((n) => n !== a)) {
      const contexts = Array.from({ length: count }, (_, i) => `${a.id}>${b.id}#${i}`);
      contexts.forEach((c) => a.transport.send(b.id, hb(a.id, b.id, c)));
      expected[`${a.id}>${b.id}`] = contexts;
    }
  }
  return expected;
}

/** What arrived, grouped as "from>to" -> contexts in arrival order. */
export function receivedByPair(nodes: InboxNode[]): Record<string, string[]> {
  const got: Record<string, string[]> = {};
  for (const n of nodes) for (const m of n.inbox) (got[`${m.from}>${n.id}`] ??= []).push(contextOf(m.payload));
  return got;
}
