import * as path from 'node:path';
import { gatewayEnv, nodeEnv } from './child-env';
import { buildMembers } from './members';
import { parseOptions } from './options';

function options(argv: string[]) {
  const cmd = parseOptions(argv);
  if (cmd.kind !== 'launch') throw new Error('expected launch');
  return cmd.options;
}

describe('child environments', () => {
  const o = options(['--data', '/tmp/cluster', '--tick-ms', '25']);
  const members = buildMembers(o);

  it('gives each node its id, ports, member list, own data dir and settings', () => {
    expect(nodeEnv(o, members, members[3])).toEqual({
      NODE_ID: 'node4',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '8004',
      PEER_PORT: '9004',
      CLUSTER_MEMBERS:
        'node1=127.0.0.1:8001:9001:voter,node2=127.0.0.1:8002:9002:voter,node3=127.0.0.1:8003:9003:voter,node4=127.0.0.1:8004:9004:learner',
      DATA_DIR: path.resolve('/tmp/cluster/node4'),
      STORE: 'sqlite',
      TRANSPORT: 'tcp',
      LOG_LEVEL: 'info',
      TICK_MS: '25',
    });
  });

  it('omits TICK_MS when not given so the node default applies', () => {
    const plain = options([]);
    expect(nodeEnv(plain, buildMembers(plain), buildMembers(plain)[0])).not.toHaveProperty('TICK_MS');
  });

  it('passes TRANSPORT=redis, and REDIS_URL / REDIS_CHANNEL_PREFIX only when given (else the launcher env is inherited)', () => {
    const plain = options(['--transport', 'redis']);
    const env = nodeEnv(plain, buildMembers(plain), buildMembers(plain)[1]);
    expect(env).toMatchObject({ NODE_ID: 'node2', TRANSPORT: 'redis' });
    expect(env).not.toHaveProperty('REDIS_URL');
    expect(env).not.toHaveProperty('REDIS_CHANNEL_PREFIX');
    const full = options(['--transport', 'redis', '--redis-url', 'redis://10.0.0.5:6380/2', '--redis-prefix', 'dev1']);
    expect(nodeEnv(full, buildMembers(full), buildMembers(full)[0])).toMatchObject({ TRANSPORT: 'redis', REDIS_URL: 'redis://10.0.0.5:6380/2', REDIS_CHANNEL_PREFIX: 'dev1' });
  });

  it('points the gateway at every node', () => {
    expect(gatewayEnv(o, members.slice(0, 2))).toEqual({
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: '8000',
      GATEWAY_NODES: 'node1=http://127.0.0.1:8001,node2=http://127.0.0.1:8002',
      LOG_LEVEL: 'info',
    });
  });
});
