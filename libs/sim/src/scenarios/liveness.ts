import { Cluster } from '../cluster';
import { InvariantViolation } from '../invariant-violation';
import type { Workload } from '../workload';
import { HEALED_WEATHER } from './network-weather';

/**
 * The liveness phase: heal the network and the disks, restart every crashed node, let each client finish
 * what it has pending plus one fresh value, and require within `deadlineMs` of virtual time:
 * a leader, every client acknowledged, every node applied past every acknowledged index.
 */
export function runLivenessPhase(cluster: Cluster, deadlineMs: number, workload?: Workload): { convergedAfterMs: number } {
  const start = cluster.now;
  cluster.network.heal();
  cluster.network.setOptions(HEALED_WEATHER);
  cluster.healDisks();
  for (const id of cluster.crashedIds()) cluster.restart(id);
  cluster.trace.record(cluster.now, 'liveness phase: network and disks healed, all restarted');
  for (const c of cluster.clients) {
    if (!c.busy) {
      c.next();
      cluster.schedule(1 + cluster.random.int(20), `client ${c.id} final`, () => cluster.kickClient(c));
    }
  }
  cluster.acceptNewProposals = false;
  workload?.drain();
  const done = (): boolean => converged(cluster) && (workload?.drained() ?? true) && converged(cluster);
  if (done() || cluster.runUntil(start + deadlineMs, done)) {
    workload?.finalCheck();
    return { convergedAfterMs: cluster.now - start };
  }
  const pending = workload ? `; workload: ${workload.pending()}` : '';
  throw new InvariantViolation('liveness', `no convergence ${deadlineMs} ms after healing: ${whatIsMissing(cluster)}${pending}`);
}

function converged(cluster: Cluster): boolean {
  if (cluster.clients.some((c) => c.busy)) return false;
  const leader = cluster.leader();
  if (!leader) return false;
  // Only current members must catch up: a node removed by a membership change gets no more entries.
  const { voters, learners } = leader.status.conf;
  const highest = cluster.highestAcknowledged();
  for (const id of [...voters, ...learners]) {
    const node = cluster.nodes.get(id);
    if (node && node.applied.index < highest) return false;
  }
  return true;
}

function whatIsMissing(cluster: Cluster): string {
  const parts: string[] = [];
  const lead = cluster.leader();
  parts.push(lead ? `leader ${lead.id} t${lead.status.term} conf ${JSON.stringify(lead.status.conf)}` : 'no leader');
  const busy = cluster.clients.filter((c) => c.busy).map((c) => `${c.id}:${JSON.stringify(c.proposal)}`);
  if (busy.length) parts.push(`pending ${busy.join(' ')}`);
  for (const node of cluster.nodes.values()) {
    const st = node.status();
    parts.push(`${node.id}=${st ? `${st.role}@t${st.term} commit=${st.commit} applied=${node.applied.index} last=${st.lastIndex}` : 'down'}`);
  }
  parts.push(`highest acked ${cluster.highestAcknowledged()}`);
  return parts.join('; ');
}
