import { ApiProperty } from '@nestjs/swagger';

export class LockHolderDto {
  @ApiProperty({ example: 'worker-7' })
  owner!: string;
  @ApiProperty({ enum: ['shared', 'exclusive'], example: 'exclusive' })
  mode!: string;
  @ApiProperty({ example: 1042, description: 'Fencing token of this hold: strictly increasing per lock, across leader changes' })
  fencing_token!: number;
  @ApiProperty({ example: '2026-11-25T14:00:30.000Z', description: 'Lease end (leader clock), ISO-8601' })
  lease_expires_at!: string;
  @ApiProperty({ example: 1795960830000, description: 'Lease end, epoch milliseconds (leader clock)' })
  lease_expires_at_ms!: number;
  @ApiProperty({ example: '2026-11-25T14:00:00.000Z' })
  granted_at!: string;
  @ApiProperty({ example: 1795960800000 })
  granted_at_ms!: number;
}

export class LockWaiterDto {
  @ApiProperty({ example: 'worker-9' })
  owner!: string;
  @ApiProperty({ enum: ['shared', 'exclusive'], example: 'exclusive' })
  mode!: string;
  @ApiProperty({ example: 1, description: '1-based place in the FIFO queue' })
  position!: number;
  @ApiProperty({ example: false, description: 'A shared holder waiting to become exclusive (queued ahead of ordinary waiters)' })
  upgrade!: boolean;
  @ApiProperty({ example: '2026-11-25T14:00:05.000Z', description: 'When the wait ends without the lock (leader clock)' })
  wait_deadline!: string;
  @ApiProperty({ example: 1795960805000 })
  wait_deadline_ms!: number;
}

export class WaitEdgeDto {
  @ApiProperty({ example: 'worker-9', description: 'The waiting client' })
  from!: string;
  @ApiProperty({ example: 'worker-7', description: 'The client it waits for' })
  to!: string;
  @ApiProperty({ example: 'orders', description: 'The lock the wait is on' })
  lock!: string;
}
