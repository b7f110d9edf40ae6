import { formatClusterMembers, parseClusterMembers } from './cluster-members';
import { ConfigError } from './config-error';
import { loadNodeConfig } from './node-config';

const MEMBERS = 'node1=127.0.0.1:8001:9001:voter,node2=127.0.0.1:8002:9002,node4=127.0.0.1:8004:9004:learner';

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadNodeConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('parseClusterMembers', () => {
  it('parses members with explicit and default roles', () => {
    const { members, problems } = parseClusterMembers(MEMBERS);
    expect(problems).toEqual([]);
    expect(members).toEqual([
      { id: 'node1', host: '127.0.0.1', httpPort: 8001, peerPort: 9001, role: 'voter' },
      { id: 'node2', host: '127.0.0.1', httpPort: 8002, peerPort: 9002, role: 'voter' },
      { id: 'node4', host: '127.0.0.1', httpPort: 8004, peerPort: 9004, role: 'learner' },
    ]);
    expect(parseClusterMembers(formatClusterMembers(members)).members).toEqual(members);
  });

  it.each([
    ['node1=127.0.0.1:8001', 'expected id=host:httpPort:peerPort'],
    ['node1=127.0.0.1:80x1:9001', 'ports must be integers'],
    ['node1=127.0.0.1:8001:70000', 'ports must be integers'],
    ['node1=h:1:2:boss', 'role must be voter or learner'],
    ['node1=h:1:2,node1=h:3:4', 'duplicate member id node1'],
    ['node1=h:1:2:learner', 'at least one voter'],
    ['', 'at least one member'],
  ])('rejects %p', (text, problem) => {
    expect(parseClusterMembers(text).problems.join('\n')).toContain(problem);
  });
});

describe('loadNodeConfig', () => {
  it('fills defaults and takes ports from the member entry', () => {
    const config = loadNodeConfig({ NODE_ID: 'node2', CLUSTER_MEMBERS: MEMBERS });
    expect(config).toMatchObject({
      nodeId: 'node2',
      httpHost: '127.0.0.1',
      httpPort: 8002,
      peerPort: 9002,
      store: 'sqlite',
      transport: 'tcp',
      dataDir: './data/node2',
      tickMs: 50,
      electionTicks: 10,
      heartbeatTicks: 3,
      logLevel: 'info',
    });
    expect(config.members).toHaveLength(3);
  });

  it('converts numeric settings and honours explicit values', () => {
    const config = loadNodeConfig({
      NODE_ID: 'node1',
      CLUSTER_MEMBERS: MEMBERS,
      HTTP_PORT: '18001',
      PEER_PORT: '19001',
      TICK_MS: '10',
      ELECTION_TICKS: '20',
      HEARTBEAT_TICKS: '2',
      STORE: 'memory',
      TRANSPORT: 'memory',
      LOG_LEVEL: 'debug',
      HTTP_HOST: '',
    });
    expect(config).toMatchObject({ httpPort: 18001, peerPort: 19001, tickMs: 10, electionTicks: 20, heartbeatTicks: 2, store: 'memory', transport: 'memory', logLevel: 'debug', httpHost: '127.0.0.1' });
  });

  it('takes TRANSPORT=redis with REDIS_URL (default redis://127.0.0.1:6379) and a channel prefix', () => {
    expect(loadNodeConfig({ NODE_ID: 'node1', CLUSTER_MEMBERS: MEMBERS, TRANSPORT: 'redis' })).toMatchObject({
      transport: 'redis',
      redisUrl: 'redis://127.0.0.1:6379',
      redisChannelPrefix: 'dsync',
    });
    const custom = loadNodeConfig({ NODE_ID: 'node1', CLUSTER_MEMBERS: MEMBERS, TRANSPORT: 'redis', REDIS_URL: 'redis://10.0.0.5:6380/2', REDIS_CHANNEL_PREFIX: 'dsync:prod' });
    expect(custom).toMatchObject({ redisUrl: 'redis://10.0.0.5:6380/2', redisChannelPrefix: 'dsync:prod' });
  });

  it('names the missing settings', () => {
    const problems = problemsOf({});
    expect(problems.some((p) => p.startsWith('NODE_ID:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('CLUSTER_MEMBERS:'))).toBe(true);
  });

  it.each([
    [{ TICK_MS: 'fast' }, 'TICK_MS: TICK_MS must be an integer number of milliseconds (got "fast")'],
    [{ HTTP_PORT: '99999' }, 'HTTP_PORT:'],
    [{ STORE: 'mongo' }, 'STORE: STORE must be one of sqlite, sqlite-inline, postgres, memory'],
    [{ TRANSPORT: 'carrier-pigeon' }, 'TRANSPORT: TRANSPORT must be one of tcp, memory, redis'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL:'],
    [{ REDIS_URL: '127.0.0.1:6379' }, 'REDIS_URL: REDIS_URL must be a redis:// or rediss:// URL'],
    [{ REDIS_URL: 'redis://127.0.0.1:6379/x' }, 'REDIS_URL: database must be a number'],
    [{ REDIS_CHANNEL_PREFIX: 'my cluster' }, 'REDIS_CHANNEL_PREFIX: REDIS_CHANNEL_PREFIX may contain'],
    [{ STORE: 'postgres' }, 'POSTGRES_URL: required when STORE=postgres'],
    [{ POSTGRES_URL: 'mysql://x' }, 'POSTGRES_URL: POSTGRES_URL must be a postgres:// URL'],
    [{ NODE_ID: 'node9' }, 'NODE_ID: "node9" is not in CLUSTER_MEMBERS'],
    [{ HEARTBEAT_TICKS: '10' }, 'HEARTBEAT_TICKS: must be smaller than ELECTION_TICKS'],
    [{ CLUSTER_MEMBERS: 'node1=localhost' }, 'CLUSTER_MEMBERS: "node1=localhost": expected'],
  ])('rejects %p', (override, expected) => {
    const problems = problemsOf({ NODE_ID: 'node1', CLUSTER_MEMBERS: MEMBERS, ...override });
    expect(problems.join('\n')).toContain(expected);
  });

  it('reports every problem at once in the error message', () => {
    const error = (() => {
      try {
        loadNodeConfig({ NODE_ID: 'node1', CLUSTER_MEMBERS: MEMBERS, TICK_MS: 'x', STORE: 'y' });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error?.message).toContain('TICK_MS');
    expect(error?.message).toContain('STORE');
  });
});
