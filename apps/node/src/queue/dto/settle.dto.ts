import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class SettleRequestDto {
  @ApiProperty({ example: '9b2e0c1a-6f0e-4a43-8d55-0f3f7c8e4b21', description: 'The ack_token of the delivery' })
  @IsString({ message: 'ack_token must be a string' })
  @MinLength(1, { message: 'ack_token must not be empty' })
  @MaxLength(200, { message: 'ack_token is at most 200 characters' })
  ack_token!: string;
}

export class AckResponseDto {
  @ApiProperty({ example: 'acked' })
  status!: string;
  @ApiProperty({ example: 'orders' })
  queue!: string;
  @ApiProperty({ example: '3f7c1f5e-2d7a-4c56-9a59-1b1f1e0c2a10' })
  message_id!: string;
  @ApiProperty({ example: false, description: 'True when this token had already acknowledged the message (a retried ack)' })
  duplicate!: boolean;
  @ApiProperty({ example: 'node2', description: 'Partition leader that applied the ack' })
  node!: string;
  @ApiProperty({ example: 3 })
  term!: number;
}

export class NackResponseDto {
  @ApiProperty({ example: 'nacked' })
  status!: string;
  @ApiProperty({ example: 'orders' })
  queue!: string;
  @ApiProperty({ example: '3f7c1f5e-2d7a-4c56-9a59-1b1f1e0c2a10' })
  message_id!: string;
  @ApiProperty({ example: false, description: 'True when this was its last allowed delivery: the message goes to <queue>.dlq' })
  dead_lettered!: boolean;
  @ApiProperty({ example: 'node2' })
  node!: string;
  @ApiProperty({ example: 3 })
  term!: number;
}

export class ConflictDto {
  @ApiProperty({ example: 'conflict' })
  error!: string;
  @ApiProperty({ example: 'the message was delivered again since this token was issued; only the latest delivery can be settled' })
  message!: string;
  @ApiProperty({ enum: ['redelivered', 'acked', 'dead-lettered'], example: 'redelivered' })
  reason!: string;
  @ApiProperty({ example: '3f7c1f5e-2d7a-4c56-9a59-1b1f1e0c2a10' })
  message_id!: string;
}
