/**
 * The built launcher (`npm start`'s dist/src/main.js) end to end: it starts a 3-node cluster
 * (plus the gateway when it is built), prints the leader, every node answers GET /, and SIGINT
 * stops every child it started. A second start on the same data directory keeps the Raft state.
 * Needs `npm run build` first (`npm test` does it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childPids, GATEWAY_BUILT, isAlive, killAll, LauncherRun, LAUNCHER } from './launcher-run';

// This file's ports: HTTP 18700-18899, gateway 18900-18989, peer 19700-19899, random per run.
function pickPorts(): { base: number; peer: number; gateway: number } {
  const slot = Math.floor(Math.random() * 50);
  return { base: 18700 + slot * 4, peer: 19700 + slot * 4, gateway: 18900 + Math.floor(Math.random() * 90) };
}

const LEADER_LINE = /leader: (node\d+) \(term (\d+)\)/;

/** The children the launcher has recorded so far (none if it did not get that far). */
function recordedChildren(dir: string): number[] {
  try {
    return Object.values(childPids(dir));
  } catch {
    return [];
  }
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
  return { status: res.status, body: await res.json() };
}

describe('npm start launcher (built, real processes)', () => {
  let dataDir: string;
  let run: LauncherRun | undefined;
  const started: number[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'launcher-e2e-'));
  });

  afterEach(() => {
    // Only on failure is anything left: kill exactly what this test started.
    if (run?.isRunning()) killAll(run, started);
  });

  afterAll(() => {
    killAll(undefined, started.filter(isAlive));
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts the launcher, retrying on other ports if a random port happens to be taken. */
  async function start(): Promise<{ run: LauncherRun; ports: ReturnType<typeof pickPorts>; leader: string; term: number }> {
    for (let attempt = 1; ; attempt++) {
      const ports = pickPorts();
      const args = ['--nodes', '3', '--base-port', String(ports.base), '--peer-base-port', String(ports.peer), '--data', dataDir];
      args.push(...(GATEWAY_BUILT ? ['--gateway-port', String(ports.gateway)] : ['--no-gateway']));
      args.push('--leader-timeout', '40', '--stop-timeout', '10', '--no-restart');
      run = new LauncherRun(args);
      try {
        const m = await run.waitFor(LEADER_LINE, 45_000);
        started.push(...Object.values(childPids(dataDir)));
        return { run, ports, leader: m[1], term: Number(m[2]) };
      } catch (err) {
        // Record the children before giving up: a launcher killed by afterEach (SIGKILL) cannot
        // stop them, and a failed run left three nodes running for the rest of the suite.
        started.push(...recordedChildren(dataDir));
        if (attempt < 3 && /already in use/.test(run.output())) continue;
        throw err;
      }
    }
  }

  it('starts the cluster, prints the leader, serves GET / on every node, and SIGINT leaves no process behind', async () => {
    const { run: launcher, ports, leader, term } = await start();
    const out = launcher.output();
    for (let k = 0; k < 3; k++) expect(out).toContain(`http://127.0.0.1:${ports.base + k}`);
    expect(['node1', 'node2', 'node3']).toContain(leader);
    expect(term).toBeGreaterThanOrEqual(1);

    const pids = childPids(dataDir);
    expect(Object.keys(pids).sort()).toEqual(GATEWAY_BUILT ? ['gateway', 'node1', 'node2', 'node3'] : ['node1', 'node2', 'node3']);
    for (const pid of Object.values(pids)) expect(isAlive(pid)).toBe(true);

    for (let k = 0; k < 3; k++) {
      const { status, body } = await getJson(`http://127.0.0.1:${ports.base + k}/`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ node: `node${k + 1}` });
      expect(typeof (body as { term: unknown }).term).toBe('number');
    }
    if (GATEWAY_BUILT) {
      expect((await getJson(`http://127.0.0.1:${ports.gateway}/health/live`)).status).toBe(200);
    }

    launcher.proc.kill('SIGINT');
    const { code } = await launcher.exit(20_000);
    expect(code).toBe(0);
    expect(Object.entries(pids).filter(([, pid]) => isAlive(pid))).toEqual([]);
    expect(launcher.output()).toContain('all stopped');
  }, 90_000);

  it('keeps the Raft state across a restart on the same data directory (the term only grows)', async () => {
    const first = await start();
    first.run.proc.kill('SIGTERM');
    expect((await first.run.exit(20_000)).code).toBe(0);

    const second = await start();
    // A fresh cluster would start again at term 1; a restarted one must be past its old term.
    expect(second.term).toBeGreaterThan(first.term);
    const pids = Object.values(childPids(dataDir));
    second.run.proc.kill('SIGINT');
    expect((await second.run.exit(20_000)).code).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
  }, 120_000);

  it('refuses bad options with exit code 2 and a message', async () => {
    const bad = new LauncherRun(['--nodes', 'three']);
    const { code } = await bad.exit(10_000);
    expect(code).toBe(2);
    expect(bad.output()).toContain('--nodes must be a whole number');
    expect(LAUNCHER).toMatch(/dist\/src\/main\.js$/);
  });
});
