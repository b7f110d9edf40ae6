import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class PartitionPlacementDto {
  @ApiProperty({ example: 5 })
  partition!: number;
  @ApiProperty({ example: 'q/5', description: 'Raft group id' })
  group!: string;
  @ApiProperty({ type: [String], example: ['node2', 'node3', 'node1'], description: 'Replica set (ring preference list), preferred leader first' })
  replicas!: string[];
  @ApiProperty({ type: String, nullable: true, example: 'node2', description: 'Current Raft leader of the partition, if known' })
  leader!: string | null;
}

export class QueuePartitionDto extends PartitionPlacementDto {
  @ApiProperty({ example: 3 })
  term!: number;
  @ApiProperty({ example: 118 })
  commit_index!: number;
}

export class QueueStatsDto {
  @ApiProperty({ example: 'orders' })
  queue!: string;
  @ApiProperty({ example: true, description: 'False until the first message was produced' })
  exists!: boolean;
  @ApiProperty({ example: 12, description: 'Visible messages waiting for a consumer' })
  depth!: number;
  @ApiProperty({ example: 2, description: 'Delivered, not yet acknowledged, visibility timeout running' })
  in_flight!: number;
  @ApiProperty({ example: 0, description: 'Dead letters not yet moved to the dead-letter queue' })
  dead_letters!: number;
  @ApiProperty({ example: 57, description: 'Messages ever stored in the queue (next offset)' })
  produced!: number;
  @ApiProperty({ example: 'orders.dlq' })
  dead_letter_queue!: string;
  @ApiProperty({ type: [QueuePartitionDto], description: 'Partitions holding the queue (one: a queue lives in its home partition)' })
  partitions!: QueuePartitionDto[];
  @ApiProperty({ example: 118, description: 'Raft read index the numbers are linearizable at' })
  read_index!: number;
  @ApiProperty({ example: 'node2', description: 'Node that answered (the partition leader)' })
  node!: string;
}

export class QueueListQueryDto {
  @ApiPropertyOptional({ enum: ['cluster', 'local'], default: 'cluster', description: 'cluster: every partition (asks replicas of partitions not hosted here); local: only this node’s partitions, as applied here' })
  @IsOptional()
  @IsIn(['cluster', 'local'])
  scope?: 'cluster' | 'local';
}

export class QueueSummaryDto {
  @ApiProperty({ example: 'orders' })
  name!: string;
  @ApiProperty({ example: 5 })
  partition!: number;
  @ApiProperty({ example: 12 })
  depth!: number;
  @ApiProperty({ example: 2 })
  in_flight!: number;
  @ApiProperty({ example: 0 })
  dead_letters!: number;
  @ApiProperty({ example: 57 })
  produced!: number;
}

export class QueueListDto {
  @ApiProperty({ example: 'node1' })
  node!: string;
  @ApiProperty({ example: 'cluster', enum: ['cluster', 'local'] })
  scope!: string;
  @ApiProperty({ example: 8, description: 'QUEUE_PARTITIONS' })
  partition_count!: number;
  @ApiProperty({ example: 3, description: 'Replicas per partition' })
  replication!: number;
  @ApiProperty({ type: [QueueSummaryDto], description: 'Queues by name, as applied on the replica that reported the partition (may trail the leader by a moment)' })
  queues!: QueueSummaryDto[];
  @ApiProperty({ type: [PartitionPlacementDto] })
  partitions!: PartitionPlacementDto[];
  @ApiProperty({ type: [Number], example: [], description: 'Partitions no replica reported (all their replicas unreachable)' })
  unavailable!: number[];
  @ApiPropertyOptional({ description: 'scope=local only: per hosted partition, role, term, applied index and queues as applied here', example: [{ partition: 5, group: 'q/5', replicas: ['node2', 'node3', 'node1'], leader: 'node2', role: 'follower', term: 3, applied_index: 118, queues: [{ name: 'orders', depth: 12, in_flight: 2, dead_letters: 0, produced: 57 }] }] })
  local_view?: Record<string, unknown>[];
}
