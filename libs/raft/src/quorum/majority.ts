import { NodeId } from '@app/core';

export type VoteResult = 'won' | 'lost' | 'pending';

/** Size of a majority of n voters. */
export function quorumSize(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** The highest index that a majority of voters has matched (0 for no voters). */
export function committedIndex(voters: readonly NodeId[], matchOf: (id: NodeId) => number): number {
  if (voters.length === 0) return 0;
  const matches = voters.map(matchOf).sort((a, b) => b - a);
  return matches[quorumSize(voters.length) - 1];
}

/** Election outcome from the votes recorded so far (true = granted). */
export function voteResult(voters: readonly NodeId[], votes: ReadonlyMap<NodeId, boolean>): VoteResult {
  const q = quorumSize(voters.length);
  let granted = 0;
  let rejected = 0;
  for (const v of voters) {
    const vote = votes.get(v);
    if (vote === true) granted++;
    else if (vote === false) rejected++;
  }
  if (granted >= q) return 'won';
  if (voters.length - rejected < q) return 'lost';
  return 'pending';
}

/** True when the nodes in `heard` form a majority of the voters. */
export function hasQuorum(voters: readonly NodeId[], heard: (id: NodeId) => boolean): boolean {
  return voters.filter(heard).length >= quorumSize(voters.length);
}
