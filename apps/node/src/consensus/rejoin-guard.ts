import { ConfState, MemberAddress, NodeId } from '@app/core';

/** What another member says about the replicated member list (GET /admin/members). */
export interface PeerMembershipView {
  node: NodeId;
  version: number;
  bootstrapVersion: number;
  members: NodeId[];
  /** Members known to hold durable state. */
  seen: NodeId[];
}

export type RejoinDecision = { kind: 'bootstrap' } | { kind: 'join' } | { kind: 'refuse'; reason: string };

/**
 * A node whose store is empty is starting for the first time or has lost its disk. Raft assumes
 * durable term, vote and log: a voter that forgot them may vote twice in a term or let an
 * acknowledged entry be outvoted. The control group records which members ever held durable state
 * (`seen`); when a peer already has a member list:
 * - it lists this node as seen: the node lost its state and must not take part. Refuse to start
 *   until an operator removed it (DELETE /admin/members/<id>); it is then added back as a new replica;
 * - it lists this node, not seen, and the list never changed: a bootstrap member starting late, bootstrap;
 * - otherwise (not listed, or listed after a change): join, outside every configuration, and wait to be added.
 * No peer with a list (none reachable, or none recorded one yet): a new cluster, bootstrap.
 */
export function rejoinDecision(self: NodeId, views: PeerMembershipView[]): RejoinDecision {
  const recorded = views.filter((v) => v.version > 0).sort((a, b) => b.version - a.version);
  if (recorded.length === 0) return { kind: 'bootstrap' };
  // The newest list decides: a peer that has not applied the latest change yet must not refuse a
  // node the cluster already removed.
  const newest = recorded[0];
  const lost = newest.seen.includes(self) && newest.members.includes(self) ? newest : null;
  if (lost) {
    return {
      kind: 'refuse',
      reason:
        `${self} starts with an empty data directory, but the cluster knows ${self} held Raft state ` +
        `(${lost.node}, member list version ${lost.version}). A node that lost its state must not rejoin as itself: ` +
        `remove it first (curl -X DELETE http://<any node>/admin/members/${self}), then start it again and add it back (POST /admin/members).`,
    };
  }
  if (newest.members.includes(self) && newest.version === newest.bootstrapVersion) return { kind: 'bootstrap' };
  return { kind: 'join' };
}

/** The configuration of a joining node: the configured one without itself (it does not campaign; the leader adds it). */
export function withoutSelf(conf: ConfState, self: NodeId): ConfState {
  return { voters: conf.voters.filter((v) => v !== self), learners: conf.learners.filter((l) => l !== self) };
}

/** Asks every other member for its member list; unreachable members are skipped. */
export async function probeMembership(self: NodeId, members: MemberAddress[], timeoutMs: number): Promise<PeerMembershipView[]> {
  const others = members.filter((m) => m.id !== self);
  const answers = await Promise.all(
    others.map(async (m): Promise<PeerMembershipView | null> => {
      try {
        const res = await fetch(`http://${m.host}:${m.httpPort}/admin/members`, { signal: AbortSignal.timeout(timeoutMs) });
        if (!res.ok) return null;
        const body = (await res.json()) as { version?: unknown; bootstrap_version?: unknown; seen?: unknown; members?: { id?: unknown }[] };
        if (typeof body.version !== 'number' || typeof body.bootstrap_version !== 'number' || !Array.isArray(body.members) || !Array.isArray(body.seen)) return null;
        return { node: m.id, version: body.version, bootstrapVersion: body.bootstrap_version, members: body.members.map((x) => String(x.id)), seen: body.seen.map(String) };
      } catch {
        return null;
      }
    }),
  );
  return answers.filter((a): a is PeerMembershipView => a !== null);
}
