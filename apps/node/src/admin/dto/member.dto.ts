import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class AddMemberDto {
  @ApiProperty({ example: 'node5', description: 'Member id (letters, digits, "_", "." and "-")' })
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9_.-]+$/)
  id!: string;

  @ApiProperty({ example: '127.0.0.1' })
  @IsString()
  @MaxLength(255)
  @Matches(/^[A-Za-z0-9_.:-]+$/)
  host!: string;

  @ApiProperty({ example: 8005 })
  @IsInt()
  @Min(1)
  @Max(65535)
  http_port!: number;

  @ApiProperty({ example: 9005 })
  @IsInt()
  @Min(1)
  @Max(65535)
  peer_port!: number;

  @ApiPropertyOptional({ enum: ['voter', 'learner'], default: 'learner', description: 'Role in the control group (lock table). Queue partitions place every member alike.' })
  @IsOptional()
  @IsIn(['voter', 'learner'])
  role?: 'voter' | 'learner';
}

export class MemberDto {
  @ApiProperty({ example: 'node5' })
  id!: string;
  @ApiProperty({ example: '127.0.0.1' })
  host!: string;
  @ApiProperty({ example: 8005 })
  http_port!: number;
  @ApiProperty({ example: 9005 })
  peer_port!: number;
  @ApiProperty({ enum: ['voter', 'learner'] })
  role!: string;
}

export class PartitionMoveDto {
  @ApiProperty({ example: 'q/3' })
  group!: string;
  @ApiProperty({ example: ['node5'], type: [String] })
  add!: string[];
  @ApiProperty({ example: ['node2'], type: [String] })
  remove!: string[];
}

export class MembersDto {
  @ApiProperty({ example: 'node1' })
  node!: string;
  @ApiProperty({ example: 42, description: 'Control-group log index of the member list in effect (0: none recorded yet, CLUSTER_MEMBERS in effect)' })
  version!: number;
  @ApiProperty({ example: 3, description: 'Version of the first recorded (bootstrap) list; equal to version until the first change' })
  bootstrap_version!: number;
  @ApiProperty({ example: ['node1', 'node2'], type: [String], description: 'Members known to hold durable Raft state. One of them that starts with an empty data directory refuses to start until removed.' })
  seen!: string[];
  @ApiProperty({ type: [MemberDto] })
  members!: MemberDto[];
}

export class MembershipChangeDto extends MembersDto {
  @ApiProperty({ type: [PartitionMoveDto], description: 'Partition groups whose replica set changes; each move is carried out by Raft single-server changes (learner, catch-up, promote, remove) by the partition leader' })
  moves!: PartitionMoveDto[];
}
