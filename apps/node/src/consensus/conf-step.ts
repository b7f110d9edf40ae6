import { ConfChange, ConfState, NodeId } from '@app/core';

/** What a group's leader does next to move its configuration toward the desired one. */
export type ConfStep =
  | { kind: 'none' }
  /** Caught-up replicas are missing: wait (nothing to propose yet). */
  | { kind: 'wait'; for: NodeId }
  /** `joining`: the node is not in the configuration at all, so it starts from an empty store. */
  | { kind: 'change'; change: ConfChange; joining: boolean }
  /** The leader itself must leave the voters: hand leadership over first. */
  | { kind: 'transfer'; to: NodeId };

export interface LeaderView {
  self: NodeId;
  /** The leader's last log index. */
  lastIndex: number;
  /** Match index per member, from the leader's progress. */
  match: Record<NodeId, number | undefined>;
}

/** A learner this close to the leader's log is promoted (under load the log keeps growing). */
export const CATCH_UP_SLACK = 32;

/**
 * One single-server change at a time, in an order that never lowers the replication of what is
 * already committed (dissertation §4.1 and §4.2.1): add missing replicas as learners, promote
 * them once caught up, and only when every desired voter votes, demote or remove the others
 * (the leader last, after a leadership transfer).
 */
export function nextConfStep(current: ConfState, desired: ConfState, view: LeaderView): ConfStep {
  const inConf = (id: NodeId) => current.voters.includes(id) || current.learners.includes(id);
  for (const id of [...desired.voters, ...desired.learners]) {
    if (!inConf(id)) return { kind: 'change', change: { type: 'add-learner', node: id }, joining: true };
  }
  for (const id of desired.voters) {
    if (current.voters.includes(id)) continue;
    if (!caughtUp(view, id)) return { kind: 'wait', for: id };
    return { kind: 'change', change: { type: 'add-voter', node: id }, joining: false };
  }
  for (const id of current.voters) {
    if (desired.voters.includes(id)) continue;
    if (id === view.self) {
      const to = desired.voters.filter((v) => caughtUp(view, v)).sort((a, b) => (view.match[b] ?? 0) - (view.match[a] ?? 0))[0];
      return to ? { kind: 'transfer', to } : { kind: 'wait', for: desired.voters[0] };
    }
    const change: ConfChange = desired.learners.includes(id) ? { type: 'add-learner', node: id } : { type: 'remove', node: id };
    return { kind: 'change', change, joining: false };
  }
  for (const id of current.learners) {
    if (!desired.learners.includes(id) && !desired.voters.includes(id)) return { kind: 'change', change: { type: 'remove', node: id }, joining: false };
  }
  return { kind: 'none' };
}

function caughtUp(view: LeaderView, id: NodeId): boolean {
  if (id === view.self) return true;
  return (view.match[id] ?? 0) + CATCH_UP_SLACK >= view.lastIndex;
}
