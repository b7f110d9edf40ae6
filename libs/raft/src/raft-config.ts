import { RaftConfig } from './api';

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
  };
  if (!Number.isInteger(resolved.electionTicks) || resolved.electionTicks < 1) throw new RangeError('electionTicks must be a positive integer');
  if (!Number.isInteger(resolved.heartbeatTicks) || resolved.heartbeatTicks < 1 || resolved.heartbeatTicks >= resolved.electionTicks) {
    throw new RangeError('heartbeatTicks must be a positive integer below electionTicks');
  }
  if (resolved.maxInflight < 1 || resolved.maxEntriesPerAppend < 1) throw new RangeError('maxInflight and maxEntriesPerAppend must be >= 1');
  return resolved;
}
