import { GroupStatus, RaftRoleName, RaftStatusResponse } from '@app/client';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class ConfDto {
  @ApiProperty({ type: [String], example: ['node1', 'node2', 'node3'] })
  voters!: string[];
  @ApiProperty({ type: [String], example: ['node4'] })
  learners!: string[];
}

export class GroupStatusDto implements GroupStatus {
  @ApiProperty({ example: 'node1' })
  id!: string;
  @ApiProperty({ example: 'control' })
  group!: string;
  @ApiProperty({ enum: ['follower', 'pre-candidate', 'candidate', 'leader'], example: 'leader' })
  role!: RaftRoleName;
  @ApiProperty({ example: 3 })
  term!: number;
  @ApiProperty({ type: String, nullable: true, example: 'node1' })
  vote!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'node1' })
  leader!: string | null;
  @ApiProperty({ example: 42 })
  commit!: number;
  @ApiProperty({ example: 42 })
  applied!: number;
  @ApiProperty({ example: 1 })
  firstIndex!: number;
  @ApiProperty({ example: 42 })
  lastIndex!: number;
  @ApiProperty({ type: ConfDto })
  conf!: ConfDto;
  @ApiPropertyOptional({ description: 'Leader only: replication progress per follower', example: { node2: { match: 42, next: 43, state: 'replicate', recentActive: true } } })
  progress?: GroupStatus['progress'];
}

export class RaftStatusDto implements RaftStatusResponse {
  @ApiProperty({ example: 'node1' })
  node!: string;
  @ApiProperty({ type: [GroupStatusDto] })
  groups!: GroupStatusDto[];
  @ApiProperty({ example: { ticks: 1200, rounds: 300, writes: 280, entriesWritten: 900, messagesSent: 2400, failed: null } })
  driver!: Record<string, unknown>;
  @ApiProperty({ example: { sent: 2400, received: 2380, droppedOutbound: 0, rejectedInbound: 0, rejectedByReason: {} } })
  transport!: Record<string, unknown>;
  @ApiProperty({ example: { delivered: 2380, dropped: 0, droppedByReason: {} } })
  peer_dispatch!: Record<string, unknown>;
}
