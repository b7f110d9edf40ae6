/** Wire shapes of the node REST API (the node app's DTOs implement these). */

export type MemberRoleName = 'voter' | 'learner';
export type RaftRoleName = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

export interface MemberInfo {
  id: string;
  role: MemberRoleName;
  url: string;
}

/** GET / */
export interface NodeInfo {
  node: string;
  role: RaftRoleName;
  term: number;
  leader: string | null;
  leader_url: string | null;
  members: MemberInfo[];
  commit_index: number;
  applied_index: number;
  version: string;
  uptime_s: number;
}

/** POST /raft/propose → 201 */
export interface ProposeResponse {
  index: number;
  term: number;
  node: string;
  leader: string;
}

export interface AppliedProposal {
  index: number;
  term: number;
  data: unknown;
}

/** GET /raft/proposals */
export interface ProposalsPage {
  total: number;
  items: AppliedProposal[];
  next_from: number | null;
}

/** One group in GET /raft/status (RaftStatus of libs/raft plus what the node adds). */
export interface GroupStatus {
  id: string;
  group: string;
  role: RaftRoleName;
  term: number;
  vote: string | null;
  leader: string | null;
  commit: number;
  applied: number;
  firstIndex: number;
  lastIndex: number;
  conf: { voters: string[]; learners: string[] };
  progress?: Record<string, { match: number; next: number; state: string; recentActive: boolean }>;
}

/** GET /raft/status */
export interface RaftStatusResponse {
  node: string;
  groups: GroupStatus[];
  driver: Record<string, unknown>;
  transport: Record<string, unknown>;
  peer_dispatch: Record<string, unknown>;
}

/** Every error body. */
export interface ErrorBody {
  error: string;
  message: string;
  [extra: string]: unknown;
}

/** Terminus health body. */
export interface HealthBody {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, unknown>;
  error?: Record<string, unknown>;
  details?: Record<string, unknown>;
}
