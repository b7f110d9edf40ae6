import { MemberAddress } from '@app/core';

/**
 * Where to reach a member, given what this node was configured with (CLUSTER_MEMBERS), the
 * replicated member list and that list's bootstrap record.
 *
 * The replicated list decides who is a member, but addresses have two authors: the operator,
 * who starts each node with an address book, and runtime changes (a member added, or removed and
 * re-added, at a new address). A member whose replicated address is still the one it was
 * bootstrapped with was never moved at runtime, so a different configured address is the newer
 * fact (the cluster was restarted on other hosts or ports) and wins. A member the cluster moved
 * or added at runtime keeps its replicated address, whatever a stale CLUSTER_MEMBERS says.
 */
export function chooseAddress(configured: MemberAddress | undefined, replicated: MemberAddress | undefined, bootstrap: MemberAddress | undefined): MemberAddress | undefined {
  if (!replicated) return configured;
  if (configured && bootstrap && sameEndpoint(replicated, bootstrap)) return { ...replicated, host: configured.host, httpPort: configured.httpPort, peerPort: configured.peerPort };
  return replicated;
}

function sameEndpoint(a: MemberAddress, b: MemberAddress): boolean {
  return a.host === b.host && a.httpPort === b.httpPort && a.peerPort === b.peerPort;
}
