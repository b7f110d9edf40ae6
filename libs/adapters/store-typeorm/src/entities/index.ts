import { RaftEntryRow } from './raft-entry.entity';
import { RaftHardStateRow } from './raft-hard-state.entity';
import { RaftSnapshotRow } from './raft-snapshot.entity';

export { RaftEntryRow, RaftHardStateRow, RaftSnapshotRow };

export const RAFT_ENTITIES = [RaftEntryRow, RaftHardStateRow, RaftSnapshotRow];
