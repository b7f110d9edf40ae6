import { RaftConfig, RaftNode, RaftNodeApi } from '@app/raft';
import { RaftNodeFactory } from '../consensus/raft-node.factory';

/** The production core: libs/raft's RaftNode. */
export class DefaultRaftNodeFactory extends RaftNodeFactory {
  create(config: RaftConfig): RaftNodeApi {
    return new RaftNode(config);
  }
}
