import { ConfState, MemberAddress, NodeId } from '@app/core';

/** What another member says about the replicated member list (GET /admin/members). */
export interface PeerMembershipView {
  node: NodeId;
  version: number;
  members: NodeId[];
}

export type RejoinDecision = { kind: 'bootstrap' } | { kind: 'join' } | { kind: 'refuse'; reason: string };

/**
 * A node whose store is empty is either starting a new cluster or has lost its disk. Raft assumes
 * durable term, vote and log: a voter that forgot them may vote twice in a term or let an
 * acknowledged entry be outvoted. So when a peer already has a member list:
 * - if it still lists this node, the node must not take part: refuse to start until an operator
 *   removed it (DELETE /admin/members/<id>) and will add it back as a new replica;
 * - otherwise the node joins: it starts outside every configuration and waits to be added.
 * No peer with a list (none reachable, or none recorded one yet): a new cluster, bootstrap.
 */
export function rejoinDecision(self: NodeId, views: PeerMembershipView[]): RejoinDecision {
  const recorded = views.filter((v) => v.version > 0);
  if (recorded.length === 0) return { kind: 'bootstrap' };
  const listing = recorded.find((v) => v.members.includes(self));
  if (listing) {
    return {
      kind: 'refuse',
      reason:
        `${self} starts with an empty data directory, but the cluster already has data and still lists ${self} as a member ` +
        `(${listing.node}, member list version ${listing.version}). A node that lost its state must not rejoin as itself: ` +
        `remove it first (curl -X DELETE http://<any node>/admin/members/${self}), then start it again and add it back (POST /admin/members).`,
    };
  }
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
        const body = (await res.json()) as { version?: unknown; members?: { id?: unknown }[] };
        if (typeof body.version !== 'number' || !Array.isArray(body.members)) return null;
        return { node: m.id, version: body.version, members: body.members.map((x) => String(x.id)) };
      } catch {
        return null;
      }
    }),
  );
  return answers.filter((a): a is PeerMembershipView => a !== null);
}
