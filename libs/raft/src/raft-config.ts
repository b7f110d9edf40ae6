import { RaftConfig } from './api';
import { DEFAULT_MAX_BYTES_PER_APPEND, DEFAULT_MAX_COMMITTED_BYTES_PER_READY } from './entry-size';

/** RaftConfig with every default filled in. */
export type ResolvedConfig = Required<Omit<RaftConfig, 'restore' | 'logger'>> & Pick<RaftConfig, 'restore' | 'logger'>;

export function resolveConfig(c: RaftConfig): ResolvedConfig {
  const resolved: ResolvedConfig = {
    ...c,
    electionTicks: c.electionTicks ?? 10,
    heartbeatTicks: c.heartbeatTicks ?? 1,
    preVote: c.preVote ?? true,
    checkQuorum: c.checkQuorum ?? true,
    maxInflight: c.maxInflight ?? 256,
    maxEntriesPerAppend: c.maxEntriesPerAppend ?? 512,
    maxBytesPerAppend: c.maxBytesPerAppend ?? DEFAULT_MAX_BYTES_PER_APPEND,
    maxCommittedBytesPerReady: c.maxCommittedBytesPerReady ?? DEFAULT_MAX_COMMITTED_BYTES_PER_READY,
  };
  if (!Number.isInteger(resolved.electionTicks) || resolved.electionTicks < 1) throw new RangeError('electionTicks must be a positive integer');
  if (!Number.isInteger(resolved.heartbeatTicks) || resolved.heartbeatTicks < 1 || resolved.heartbeatTicks >= resolved.electionTicks) {
    throw new RangeError('heartbeatTicks must be a positive integer below electionTicks');
  }
  if (resolved.maxInflight < 1 || resolved.maxEntriesPerAppend < 1) throw new RangeError('maxInflight and maxEntriesPerAppend must be >= 1');
  if (!(resolved.maxBytesPerAppend >= 1) || !(resolved.maxCommittedBytesPerReady >= 1)) {
    throw new RangeError('maxBytesPerAppend and maxCommittedBytesPerReady must be >= 1');
  }
  return resolved;
}
