import { ApiProperty } from '@nestjs/swagger';

export class ProduceResponseDto {
  @ApiProperty({ example: '3f7c1f5e-2d7a-4c56-9a59-1b1f1e0c2a10', description: 'Id of the message (the same id on a deduplicated retry)' })
  message_id!: string;
  @ApiProperty({ example: 'orders' })
  queue!: string;
  @ApiProperty({ example: 5, description: 'Partition (Raft group q/<partition>) holding the queue' })
  partition!: number;
  @ApiProperty({ example: 41, description: 'Position of the message in its partition queue (0-based, increasing)' })
  offset!: number;
  @ApiProperty({ example: 118, description: "Index of the produce in the partition group's Raft log" })
  index!: number;
  @ApiProperty({ example: 3, description: 'Raft term of the entry' })
  term!: number;
  @ApiProperty({ example: false, description: 'True when an Idempotency-Key seen within the dedupe window matched: nothing new was stored' })
  duplicate!: boolean;
  @ApiProperty({ example: 'node1', description: 'Node the client called' })
  node!: string;
  @ApiProperty({ example: 'node2', description: 'Partition leader that committed the message' })
  leader!: string;
}
