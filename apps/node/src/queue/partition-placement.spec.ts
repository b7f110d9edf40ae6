import { HashRing, partitionOf } from '@app/hashing';
import { PartitionPlacement, partitionGroupId } from './partition-placement';

describe('PartitionPlacement', () => {
  const members = ['node1', 'node2', 'node3', 'node4', 'node5'];

  it('names P groups q/0..q/P-1 and replicates each on the ring preference list of its group id', () => {
    const p = new PartitionPlacement(members, 8, 3);
    const ring = HashRing.of(members);
    expect(p.partitions.map((x) => x.group)).toEqual(['q/0', 'q/1', 'q/2', 'q/3', 'q/4', 'q/5', 'q/6', 'q/7']);
    for (const x of p.partitions) {
      expect(x.replicas).toEqual(ring.preferenceList(partitionGroupId(x.index), 3));
      expect(new Set(x.replicas).size).toBe(3);
    }
  });

  it('does not depend on the order members are listed in', () => {
    const a = new PartitionPlacement(members, 16, 3);
    const b = new PartitionPlacement([...members].reverse(), 16, 3);
    expect(b.partitions).toEqual(a.partitions);
  });

  it('caps replication at the member count', () => {
    const p = new PartitionPlacement(['solo'], 4, 3);
    expect(p.replication).toBe(1);
    expect(p.partitions.every((x) => x.replicas.length === 1 && x.replicas[0] === 'solo')).toBe(true);
  });

  it("puts a queue in its home partition and lists each node's hosted partitions", () => {
    const p = new PartitionPlacement(members, 8, 3);
    expect(p.of('orders').index).toBe(partitionOf('orders', undefined, 8));
    const hosted = members.flatMap((m) => p.hostedBy(m).map((x) => `${m}:${x.group}`));
    expect(hosted).toHaveLength(8 * 3);
    for (const m of members) for (const x of p.hostedBy(m)) expect(x.replicas).toContain(m);
  });
});
