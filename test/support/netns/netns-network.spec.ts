/**
 * The partition tool itself, on real namespaces (root and iproute2 needed; without them this
 * FAILS with the reason, like the partition test): a cut blocks node-to-node traffic both ways
 * while the test process still reaches both sides, heal restores it, and stale runs are removed
 * while live ones are left alone.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsNetwork } from './netns-network';

const SERVER = "require('http').createServer((q, r) => r.end('ok')).listen(Number(process.argv[2]), process.argv[1])";
const PROBE = "fetch(process.argv[1], { signal: AbortSignal.timeout(1500) }).then((r) => r.text()).then((t) => console.log(t), () => console.log('unreachable'))";
const PORT = 18987;

function probeFrom(net: NetnsNetwork, from: string, to: string): string {
  return execFileSync('ip', ['netns', 'exec', net.ns(from), process.execPath, '-e', PROBE, `http://${net.host(to)}:${PORT}/`], { encoding: 'utf8' }).trim();
}

async function probeFromTest(url: string): Promise<string> {
  try {
    return await (await fetch(url, { signal: AbortSignal.timeout(1500) })).text();
  } catch {
    return 'unreachable';
  }
}

function namespaces(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0])
    .filter((n) => n !== '');
}

describe('NetnsNetwork', () => {
  jest.setTimeout(30_000);
  const ids = ['node1', 'node2'];
  const net = new NetnsNetwork({ stem: 'lkt', block: '10.214', nodes: ids });
  const servers: ChildProcess[] = [];

  beforeAll(async () => {
    net.setup();
    for (const id of ids) servers.push(spawn('ip', ['netns', 'exec', net.ns(id), process.execPath, '-e', SERVER, net.host(id), String(PORT)], { stdio: 'ignore' }));
    const deadline = Date.now() + 10_000;
    while ((await probeFromTest(`http://${net.host('node1')}:${PORT}/`)) !== 'ok' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  });

  afterAll(() => {
    for (const s of servers) s.kill('SIGKILL');
    net.teardown();
  });

  it('cuts node-to-node traffic both ways, keeps the test process connected, and heals', async () => {
    expect(probeFrom(net, 'node2', 'node1')).toBe('ok');
    net.isolate('node1');
    expect(probeFrom(net, 'node2', 'node1')).toBe('unreachable');
    expect(probeFrom(net, 'node1', 'node2')).toBe('unreachable');
    expect(await probeFromTest(`http://${net.host('node1')}:${PORT}/`)).toBe('ok');
    expect(await probeFromTest(`http://${net.host('node2')}:${PORT}/`)).toBe('ok');
    net.heal();
    expect(probeFrom(net, 'node2', 'node1')).toBe('ok');
    expect(probeFrom(net, 'node1', 'node2')).toBe('ok');
  });

  it('removes the namespaces (and processes) of a killed run, but not those of a live run', async () => {
    const stale = new NetnsNetwork({ stem: 'lkt', block: '10.214', nodes: ['node1'] });
    stale.setup();
    // The run "was killed": its owner record is gone, a process is left in its namespace.
    rmSync(join(tmpdir(), `netns-run-${stale.ns('node1').split('-')[0]}.owner`), { force: true });
    const orphan = spawn('ip', ['netns', 'exec', stale.ns('node1'), 'sleep', '60'], { stdio: 'ignore' });
    const exited = new Promise<void>((r) => orphan.once('exit', () => r()));
    try {
      const next = new NetnsNetwork({ stem: 'lkt', block: '10.214', nodes: ['node1'] });
      next.removeStale();
      const left = namespaces();
      expect(left).not.toContain(stale.ns('node1'));
      // This file's own network is owned by a live process (this one): untouched.
      expect(left).toEqual(expect.arrayContaining(ids.map((id) => net.ns(id))));
      // The process left in the stale namespace was killed by removeStale.
      expect(await Promise.race([exited.then(() => 'killed'), new Promise((r) => setTimeout(() => r('still running'), 3000))])).toBe('killed');
    } finally {
      orphan.kill('SIGKILL');
      stale.teardown();
    }
  });
});
