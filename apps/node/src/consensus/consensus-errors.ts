import { NodeId } from '@app/core';

/** This node cannot take the request: it is not the leader (leader may be known) or there is none. */
export class NotLeaderError extends Error {
  constructor(
    readonly leader: NodeId | null,
    message = leader ? `not the leader; the leader is ${leader}` : 'no leader elected',
  ) {
    super(message);
    this.name = 'NotLeaderError';
  }
}

/** The proposal's fate is unknown or it lost: leadership changed, its entry was overwritten, or it timed out. */
export class ProposalFailedError extends Error {
  constructor(
    readonly reason: 'leadership-lost' | 'overwritten' | 'timeout' | 'rejected' | 'stopped',
    message: string,
  ) {
    super(message);
    this.name = 'ProposalFailedError';
  }
}
