import { currentLeader, parseNodeStatus, Probe, waitForLeader, WatchDeps } from './leader-watch';

const status = (node: string, role: string, term: number, leader: string | null): Probe => ({ name: node, status: { node, role, term, leader } });
const down = (name: string): Probe => ({ name, error: 'down' });

describe('parseNodeStatus', () => {
  it('takes node, role, term, leader and ignores extra fields', () => {
    expect(parseNodeStatus({ node: 'node1', role: 'follower', term: 2, leader: 'node2', uptime: 5 })).toEqual({
      node: 'node1',
      role: 'follower',
      term: 2,
      leader: 'node2',
    });
    expect(parseNodeStatus({ node: 'node1', role: 'candidate', term: 2 })?.leader).toBeNull();
  });

  it('rejects bodies without the needed fields', () => {
    expect(parseNodeStatus({ node: 'node1', role: 'leader' })).toBeUndefined();
    expect(parseNodeStatus('hello')).toBeUndefined();
    expect(parseNodeStatus({ node: 'n', role: 'r', term: 1, leader: 3 })).toBeUndefined();
  });
});

describe('currentLeader', () => {
  it('prefers a node that says it leads, highest term first', () => {
    const probes = [status('node1', 'leader', 2, 'node1'), status('node2', 'leader', 3, 'node2'), down('node3')];
    expect(currentLeader(probes)).toEqual({ leader: 'node2', term: 3 });
  });

  it('falls back to the leader named by the most recent term', () => {
    const probes = [status('node1', 'follower', 4, 'node3'), status('node2', 'follower', 3, 'node1'), down('node3')];
    expect(currentLeader(probes)).toEqual({ leader: 'node3', term: 4 });
  });

  it('is undefined while nobody knows a leader', () => {
    expect(currentLeader([status('node1', 'candidate', 1, null), down('node2')])).toBeUndefined();
  });
});

describe('waitForLeader', () => {
  function fakeDeps(rounds: Probe[][]): WatchDeps & { slept: number } {
    let time = 0;
    let round = 0;
    const deps = {
      slept: 0,
      probe: async (name: string): Promise<Probe> => {
        const probes = rounds[Math.min(round, rounds.length - 1)];
        return probes.find((p) => p.name === name) ?? down(name);
      },
      sleep: async (ms: number): Promise<void> => {
        time += ms;
        round++;
        deps.slept++;
      },
      now: () => time,
    };
    return deps;
  }

  it('returns the leader once elected and reports progress meanwhile', async () => {
    const deps = fakeDeps([[down('node1'), down('node2')], [status('node1', 'candidate', 1, null), down('node2')], [status('node1', 'leader', 1, 'node1')]]);
    const progress: number[] = [];
    const result = await waitForLeader(['node1', 'node2'], deps, {
      timeoutMs: 10_000,
      intervalMs: 500,
      progressEveryMs: 500,
      onProgress: (elapsed) => progress.push(elapsed),
    });
    expect(result.leader).toEqual({ leader: 'node1', term: 1 });
    expect(deps.slept).toBe(2);
    expect(progress).toEqual([500]);
  });

  it('gives up after the timeout with the last probes', async () => {
    const deps = fakeDeps([[down('node1')]]);
    const result = await waitForLeader(['node1'], deps, { timeoutMs: 2000, intervalMs: 500, progressEveryMs: 1000, onProgress: () => undefined });
    expect(result.leader).toBeUndefined();
    expect(result.probes).toEqual([down('node1')]);
    expect(deps.slept).toBe(4);
  });
});
