export * from './api';
export { RaftNode } from './raft-node';
