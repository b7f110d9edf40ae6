import request from 'supertest';
import { InProcessCluster } from '../support/in-process-cluster';
import { eventually, retrying } from './queue-helpers';

// Ports 18591-18599 (HTTP) for this file (next to the gateway e2e files); peers use the in-memory network.
const BASE_PORT = 18590 + Math.floor(Math.random() * 3) * 3;

interface ParsedMetrics {
  types: Map<string, string>;
  samples: Array<{ name: string; labels: Record<string, string>; value: number }>;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*)?\\})? (\\S+)$`);
const VALUE = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|NaN|[+-]Inf)$/;

/** A strict reader of the text format: every line must be HELP, TYPE or a well-formed sample of a typed family. */
function parseExposition(text: string): ParsedMetrics {
  expect(text.endsWith('\n')).toBe(true);
  const types = new Map<string, string>();
  const samples: ParsedMetrics['samples'] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    const help = /^# HELP (\S+) .*$/.exec(line);
    if (help) continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      expect(types.has(type[1])).toBe(false);
      types.set(type[1], type[2]);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not an exposition line: ${JSON.stringify(line)}`);
    expect(types.has(m[1])).toBe(true);
    expect(m[3]).toMatch(VALUE);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { types, samples };
}

describe('GET /metrics', () => {
  const cluster = new InProcessCluster({ voters: 3, basePort: BASE_PORT, tickMs: 10 });

  beforeAll(async () => {
    await cluster.startWithLeader();
  });

  afterAll(async () => {
    await cluster.stopAll();
  });

  it('answers valid exposition text with the node, Raft, driver, transport, HTTP, lock and queue metrics', async () => {
    const leader = (await cluster.node('node1').client.info()).leader!;
    const app = cluster.node(leader).app.getHttpServer();
    await request(app).post('/lock/m-lock?wait_ms=0').set('X-Client-Id', 'a').expect(200);
    // Partition groups elect their leaders after the control group: retry 503s (keys make it safe).
    for (const n of [1, 2]) expect((await retrying(() => request(app).post('/queue/m-queue').set('Idempotency-Key', `m-${n}`).send({ n }))).status).toBe(201);
    expect((await retrying(() => request(app).get('/queue/m-queue'))).status).toBe(200);
    await request(app).get('/no/such/route').expect(404);

    const scrape = async (): Promise<ParsedMetrics> => {
      const res = await request(app).get('/metrics').expect(200);
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      return parseExposition(res.text);
    };
    const res = await request(app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const { types, samples } = parseExposition(res.text);
    const value = (name: string, labels: Record<string, string> = {}): number | undefined =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

    for (const [name, type] of Object.entries({
      dsync_raft_term: 'gauge',
      dsync_raft_commit_index: 'gauge',
      dsync_raft_applied_index: 'gauge',
      dsync_raft_leader: 'gauge',
      dsync_driver_rounds_total: 'counter',
      dsync_driver_writes_total: 'counter',
      dsync_driver_entries_written_total: 'counter',
      dsync_driver_messages_sent_total: 'counter',
      dsync_transport_sent_total: 'counter',
      dsync_transport_received_total: 'counter',
      dsync_transport_dropped_total: 'counter',
      dsync_transport_rejected_total: 'counter',
      dsync_peer_dispatch_dropped_total: 'counter',
      dsync_http_requests_total: 'counter',
      dsync_lock_table_locks: 'gauge',
      dsync_lock_waiters: 'gauge',
      dsync_queue_depth: 'gauge',
      dsync_queue_in_flight: 'gauge',
    })) {
      expect([name, types.get(name)]).toEqual([name, type]);
    }

    const control = samples.find((s) => s.name === 'dsync_raft_leader' && s.value === 1 && !s.labels.group.startsWith('q/'));
    expect(control).toBeDefined();
    expect(value('dsync_raft_term', { group: control!.labels.group })).toBeGreaterThan(0);
    expect(value('dsync_driver_rounds_total')).toBeGreaterThan(0);
    expect(value('dsync_transport_sent_total')).toBeGreaterThan(0);
    expect(value('dsync_lock_table_locks')).toBe(1);
    expect(value('dsync_lock_holders')).toBe(1);
    expect(value('dsync_http_requests_total', { method: 'POST', route: '/lock/:name', status: '200' })).toBe(1);
    expect(value('dsync_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    // Every node of a 3-node cluster hosts every partition (replication 3); this one may be a
    // follower of the queue's partition and apply the delivery a moment later.
    await eventually(async () => {
      const again = await scrape();
      const sum = (name: string): number => again.samples.filter((s) => s.name === name).reduce((n, s) => n + s.value, 0);
      expect([sum('dsync_queue_depth'), sum('dsync_queue_in_flight')]).toEqual([1, 1]);
    }, 5000);
  });
});
