/**
 * Finds the Raft leader by polling GET / on every node ({node, role, term, leader, ...}).
 * Time, sleeping and HTTP are injected so the logic is unit-tested without a cluster.
 */

export interface NodeStatus {
  node: string;
  role: string;
  term: number;
  leader: string | null;
}

export interface LeaderInfo {
  leader: string;
  term: number;
}

/** One probe result per node: a status, or why it did not answer. */
export type Probe = { name: string; status: NodeStatus } | { name: string; error: string };

export interface WatchDeps {
  probe: (name: string) => Promise<Probe>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Narrows the JSON body of GET / ; tolerant of extra fields, strict on the four it needs. */
export function parseNodeStatus(body: unknown): NodeStatus | undefined {
  if (!isRecord(body)) return undefined;
  const { node, role, term, leader } = body;
  if (typeof node !== 'string' || typeof role !== 'string' || typeof term !== 'number') return undefined;
  if (leader !== null && leader !== undefined && typeof leader !== 'string') return undefined;
  return { node, role, term, leader: leader ?? null };
}

/**
 * The leader as the cluster sees it: a node that says it leads (highest term wins, since an old
 * leader may not know yet that it was replaced); failing that, the leader named by the node with
 * the highest term.
 */
export function currentLeader(probes: readonly Probe[]): LeaderInfo | undefined {
  const statuses = probes.flatMap((p) => ('status' in p ? [p.status] : []));
  const leaders = statuses.filter((s) => s.role === 'leader').sort((a, b) => b.term - a.term);
  if (leaders.length > 0) return { leader: leaders[0].node, term: leaders[0].term };
  const informed = statuses.filter((s) => s.leader !== null).sort((a, b) => b.term - a.term);
  const first = informed[0];
  return first !== undefined && first.leader !== null ? { leader: first.leader, term: first.term } : undefined;
}

/** "node1 follower t2 · node2 down · ..." for progress lines. */
export function describeProbes(probes: readonly Probe[]): string {
  return probes.map((p) => ('status' in p ? `${p.name} ${p.status.role} t${p.status.term}` : `${p.name} ${p.error}`)).join(' · ');
}

export async function probeAll(names: readonly string[], deps: WatchDeps): Promise<Probe[]> {
  return Promise.all(names.map((n) => deps.probe(n)));
}

/**
 * Polls until a leader is known or `timeoutMs` passes. `onProgress` is called every
 * `progressEveryMs` with the latest probes so the user sees the election happen.
 */
export async function waitForLeader(
  names: readonly string[],
  deps: WatchDeps,
  opts: { timeoutMs: number; intervalMs: number; progressEveryMs: number; onProgress: (elapsedMs: number, probes: Probe[]) => void },
): Promise<{ leader: LeaderInfo | undefined; probes: Probe[] }> {
  const start = deps.now();
  let lastProgress = start;
  for (;;) {
    const probes = await probeAll(names, deps);
    const leader = currentLeader(probes);
    if (leader !== undefined) return { leader, probes };
    const now = deps.now();
    if (now - start >= opts.timeoutMs) return { leader: undefined, probes };
    if (now - lastProgress >= opts.progressEveryMs) {
      lastProgress = now;
      opts.onProgress(now - start, probes);
    }
    await deps.sleep(opts.intervalMs);
  }
}

/** Real HTTP probe with a short timeout: a hung node must not stall the watch. */
export function httpProbe(urls: ReadonlyMap<string, string>, timeoutMs = 1000): (name: string) => Promise<Probe> {
  return async (name) => {
    const url = urls.get(name);
    if (url === undefined) return { name, error: 'unknown' };
    try {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) return { name, error: `http ${res.status}` };
      const status = parseNodeStatus(await res.json());
      return status !== undefined ? { name, status } : { name, error: 'bad GET / body' };
    } catch {
      return { name, error: 'not answering' };
    }
  };
}
