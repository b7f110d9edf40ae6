import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs an app entry from source (swc) with exactly this environment; bad config exits before Nest starts. */
function run(entry: string, env: Record<string, string>): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: r.status, stderr: r.stderr };
}

describe('bad configuration stops the process with exit code 1 and names the setting', () => {
  const members = 'node1=127.0.0.1:18901:19901:voter';

  it('node: missing NODE_ID and CLUSTER_MEMBERS', () => {
    const r = run('apps/node/src/main.ts', {});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('NODE_ID:');
    expect(r.stderr).toContain('CLUSTER_MEMBERS:');
  });

  it('node: a non-numeric TICK_MS and an unknown STORE', () => {
    const r = run('apps/node/src/main.ts', { NODE_ID: 'node1', CLUSTER_MEMBERS: members, TICK_MS: 'soon', STORE: 'floppy' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TICK_MS: TICK_MS must be an integer number of milliseconds (got "soon")');
    expect(r.stderr).toContain('STORE: STORE must be one of sqlite, sqlite-inline, postgres, memory');
  });

  it('gateway: malformed GATEWAY_NODES', () => {
    const r = run('apps/gateway/src/main.ts', { GATEWAY_NODES: 'node1=localhost' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('GATEWAY_NODES: "node1=localhost": expected id=http://host:port');
  });
});
