import { buildMembers, formatClusterMembers, formatGatewayNodes, httpUrl } from './members';

const base = { host: '127.0.0.1', basePort: 8001, peerBasePort: 9001 };

describe('buildMembers', () => {
  it('builds the default cluster: node1-3 voters, node4 learner, consecutive ports', () => {
    const members = buildMembers({ ...base, nodes: 4, voters: 3 });
    expect(members).toEqual([
      { id: 'node1', host: '127.0.0.1', httpPort: 8001, peerPort: 9001, role: 'voter' },
      { id: 'node2', host: '127.0.0.1', httpPort: 8002, peerPort: 9002, role: 'voter' },
      { id: 'node3', host: '127.0.0.1', httpPort: 8003, peerPort: 9003, role: 'voter' },
      { id: 'node4', host: '127.0.0.1', httpPort: 8004, peerPort: 9004, role: 'learner' },
    ]);
  });

  it('gives every node distinct ports from its base', () => {
    const members = buildMembers({ host: '10.0.0.1', basePort: 18100, peerBasePort: 19100, nodes: 7, voters: 5 });
    expect(new Set(members.map((m) => m.httpPort)).size).toBe(7);
    expect(members[6]).toEqual({ id: 'node7', host: '10.0.0.1', httpPort: 18106, peerPort: 19106, role: 'learner' });
    expect(members.filter((m) => m.role === 'voter').map((m) => m.id)).toEqual(['node1', 'node2', 'node3', 'node4', 'node5']);
  });

  it('refuses voter counts outside 1..nodes', () => {
    expect(() => buildMembers({ ...base, nodes: 3, voters: 0 })).toThrow(RangeError);
    expect(() => buildMembers({ ...base, nodes: 3, voters: 4 })).toThrow(RangeError);
  });
});

describe('env formats', () => {
  const members = buildMembers({ ...base, nodes: 4, voters: 3 });

  it('formats CLUSTER_MEMBERS as id=host:http:peer:role', () => {
    expect(formatClusterMembers(members)).toBe(
      'node1=127.0.0.1:8001:9001:voter,node2=127.0.0.1:8002:9002:voter,node3=127.0.0.1:8003:9003:voter,node4=127.0.0.1:8004:9004:learner',
    );
  });

  it('formats GATEWAY_NODES as id=url', () => {
    expect(formatGatewayNodes(members.slice(0, 2))).toBe('node1=http://127.0.0.1:8001,node2=http://127.0.0.1:8002');
  });

  it('brackets IPv6 hosts in URLs', () => {
    expect(httpUrl({ host: '::1', httpPort: 8001 })).toBe('http://[::1]:8001');
  });
});
