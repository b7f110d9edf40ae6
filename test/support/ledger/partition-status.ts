import { PartitionPlacement } from '../../../apps/node/src/queue/partition-placement';
import { call, field } from './queue-http';

/** One hosted Raft group as GET /raft/status reports it. */
export interface GroupStatus {
  group: string;
  role: string;
  commit: number;
  applied: number;
  conf: { voters: string[]; learners: string[] };
}

/** A node's groups and its connected peers (empty when it does not answer). */
export async function raftStatus(nodeUrl: string): Promise<{ groups: GroupStatus[]; connectedPeers: string[] }> {
  const res = await call('GET', `${nodeUrl}/raft/status`, undefined, {}, 2000);
  if (res.status !== 200) return { groups: [], connectedPeers: [] };
  return { groups: field<GroupStatus[]>(res.body, 'groups') ?? [], connectedPeers: field<{ connectedPeers?: string[] }>(res.body, 'transport')?.connectedPeers ?? [] };
}

/**
 * True when every partition of `placement` is led by a node whose voters are exactly the
 * partition's replicas (no learner left), and every voter has applied the leader's commit index.
 * `statuses`: the groups reported by each node asked.
 */
export function partitionsSettled(placement: PartitionPlacement, statuses: Map<string, GroupStatus[]>): boolean {
  const all = [...statuses.values()].flat();
  for (const p of placement.partitions) {
    const leader = all.find((g) => g.group === p.group && g.role === 'leader');
    if (!leader || leader.conf.learners.length > 0) return false;
    if ([...leader.conf.voters].sort().join() !== [...p.replicas].sort().join()) return false;
    for (const v of leader.conf.voters) {
      const g = statuses.get(v)?.find((x) => x.group === p.group);
      if (!g || g.applied < leader.commit) return false;
    }
  }
  return true;
}
