import { RaftConfig, RaftNodeApi } from '@app/raft';

/** Builds the pure Raft core of one group. A DI token so tests can swap the core. */
export abstract class RaftNodeFactory {
  abstract create(config: RaftConfig): RaftNodeApi;
}
