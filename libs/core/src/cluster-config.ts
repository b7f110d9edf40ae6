import { NodeId } from './ids';

export type MemberRole = 'voter' | 'learner';

/** One cluster member as configured at start. */
export interface MemberAddress {
  id: NodeId;
  host: string;
  /** HTTP port of the REST API (8001..). */
  httpPort: number;
  /** Port of the peer transport (TCP: 9001..). */
  peerPort: number;
  /** Initial role in the control group. */
  role: MemberRole;
}

/** What a node knows about the cluster when it starts. */
export interface ClusterConfig {
  nodeId: NodeId;
  members: MemberAddress[];
}

export function memberOf(config: ClusterConfig, id: NodeId): MemberAddress | undefined {
  return config.members.find((m) => m.id === id);
}
