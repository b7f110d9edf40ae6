import { ApiProperty } from '@nestjs/swagger';
import { LockHolderDto, LockWaiterDto, WaitEdgeDto } from './lock-holder.dto';

export class LockRaftDto {
  @ApiProperty({ enum: ['follower', 'pre-candidate', 'candidate', 'leader'], example: 'follower', description: 'Raft state of this node in the control group' })
  role!: string;
  @ApiProperty({ example: 3 })
  term!: number;
  @ApiProperty({ type: String, nullable: true, example: 'node1' })
  leader!: string | null;
  @ApiProperty({ example: 120 })
  commit_index!: number;
  @ApiProperty({ example: 120 })
  applied_index!: number;
}

export class LockViewDto {
  @ApiProperty({ example: 'mylock' })
  name!: string;
  @ApiProperty({ enum: ['shared', 'exclusive'], nullable: true, example: 'exclusive', description: 'null when free' })
  mode!: string | null;
  @ApiProperty({ type: [LockHolderDto] })
  holders!: LockHolderDto[];
  @ApiProperty({ type: [LockWaiterDto], description: 'In FIFO order' })
  waiters!: LockWaiterDto[];
  @ApiProperty({ type: [WaitEdgeDto], description: "Wait-for edges of this lock's waiters" })
  wait_for!: WaitEdgeDto[];
}

class ReadPointDto {
  @ApiProperty({ example: 'node2' })
  node!: string;
  @ApiProperty({ type: LockRaftDto })
  raft!: LockRaftDto;
  @ApiProperty({ enum: ['linearizable', 'stale'], example: 'linearizable' })
  consistency!: string;
  @ApiProperty({ type: Number, nullable: true, example: 120, description: 'The ReadIndex this view is at least as new as (null when stale)' })
  read_index!: number | null;
}

export class LockTableDto extends ReadPointDto {
  @ApiProperty({ example: 121, description: 'Log index this node had applied when it built the view' })
  applied_index!: number;
  @ApiProperty({ example: 1042, description: 'Highest fencing token ever handed out' })
  last_fencing_token!: number;
  @ApiProperty({ type: [LockViewDto], description: 'Locks held or waited for, by name' })
  locks!: LockViewDto[];
  @ApiProperty({ type: [WaitEdgeDto], description: 'The whole wait-for graph (client -> client it waits for). Always acyclic: a wait that would close a cycle is refused with 409.' })
  wait_for!: WaitEdgeDto[];
}

export class OneLockDto extends ReadPointDto {
  @ApiProperty({ example: 'mylock' })
  name!: string;
  @ApiProperty({ enum: ['shared', 'exclusive'], nullable: true, example: 'exclusive' })
  mode!: string | null;
  @ApiProperty({ type: [LockHolderDto] })
  holders!: LockHolderDto[];
  @ApiProperty({ type: [LockWaiterDto] })
  waiters!: LockWaiterDto[];
  @ApiProperty({ type: [WaitEdgeDto] })
  wait_for!: WaitEdgeDto[];
}
