import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_BATCH = 100;
export const MAX_VISIBILITY_MS = 43_200_000;
export const MAX_WAIT_MS_LIMIT = 300_000;

export class ConsumeQueryDto {
  @ApiPropertyOptional({ example: 10, description: `Deliver up to this many messages (1..${MAX_BATCH}). With max > 1 the answer is a batch object {messages: [...]}.`, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_BATCH)
  max?: number;

  @ApiPropertyOptional({ example: 5000, description: 'Long poll: wait up to this long for a message before answering 204 (capped at QUEUE_MAX_WAIT_MS, default 20000)', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_WAIT_MS_LIMIT)
  wait_ms?: number;

  @ApiPropertyOptional({ example: 30000, description: 'Visibility timeout: unacknowledged after this long, the message is delivered again (default QUEUE_VISIBILITY_MS, 30000)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_VISIBILITY_MS)
  visibility_ms?: number;
}

export class DeliveryDto {
  @ApiProperty({ example: '3f7c1f5e-2d7a-4c56-9a59-1b1f1e0c2a10' })
  message_id!: string;
  @ApiProperty({ example: 'orders' })
  queue!: string;
  @ApiProperty({ example: 5 })
  partition!: number;
  @ApiProperty({ example: 41, description: 'Position in the partition queue' })
  offset!: number;
  @ApiProperty({ example: { order_id: 123, product: 'laptop' }, description: 'The produced JSON value, unchanged' })
  data!: unknown;
  @ApiProperty({ example: '9b2e0c1a-6f0e-4a43-8d55-0f3f7c8e4b21', description: 'Receipt handle for POST /queue/{name}/ack or /nack; valid until the message is delivered again' })
  ack_token!: string;
  @ApiProperty({ example: 1, description: '1 on the first delivery' })
  delivery_count!: number;
  @ApiProperty({ example: '2026-11-25T14:00:30.000Z', description: 'When the message becomes visible again unless acknowledged' })
  visible_at!: string;
  @ApiProperty({ example: 1795615230000, description: 'visible_at in epoch milliseconds (leader clock)' })
  visible_at_ms!: number;
}

export class DeliveryBatchDto {
  @ApiProperty({ example: 'orders' })
  queue!: string;
  @ApiProperty({ example: 5 })
  partition!: number;
  @ApiProperty({ example: 2 })
  count!: number;
  @ApiProperty({ type: [DeliveryDto] })
  messages!: DeliveryDto[];
}
