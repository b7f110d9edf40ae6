import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LockHolderDto, WaitEdgeDto } from './lock-holder.dto';

export class LockGrantedDto {
  @ApiProperty({ example: 'granted', enum: ['granted'] })
  status!: string;
  @ApiProperty({ example: 'mylock' })
  lock!: string;
  @ApiProperty({ enum: ['shared', 'exclusive'], example: 'exclusive' })
  mode!: string;
  @ApiProperty({ example: 'anonymous', description: 'X-Client-Id, else client_id, else "anonymous"' })
  owner!: string;
  @ApiProperty({ example: 1042, description: 'Pass this to every resource you touch under the lock; it strictly increases per lock (see docs/FENCING.md)' })
  fencing_token!: number;
  @ApiProperty({ example: '2026-11-25T14:00:30.000Z', description: 'Lease end (leader clock), ISO-8601. Renew before it or lose the lock.' })
  lease_expires_at!: string;
  @ApiProperty({ example: 1795960830000, description: 'Lease end, epoch milliseconds (leader clock)' })
  lease_expires_at_ms!: number;
  @ApiProperty({ example: 'node2', description: 'The node that answered the client' })
  node!: string;
  @ApiProperty({ example: 'node1', description: 'The leader that decided' })
  leader!: string;
  @ApiProperty({ example: 3, description: "The leader's Raft term" })
  term!: number;
  @ApiProperty({ example: false, description: 'Already held by this owner in a covering mode: same token, lease refreshed' })
  reentrant!: boolean;
  @ApiProperty({ example: false, description: 'A shared hold became exclusive (new token)' })
  upgraded!: boolean;
  @ApiProperty({ example: false, description: 'Granted after waiting in the queue' })
  waited!: boolean;
  @ApiProperty({
    example: false,
    description:
      'The request repeated an X-Request-Id already applied: nothing changed. A replayed 200 is checked against the present: this grant (owner and fencing token) is still held, and lease_expires_at and holders are current. A replayed grant that has ended answers 410 instead.',
  })
  replayed!: boolean;
  @ApiProperty({ example: true, enum: [true], description: 'Always true on a 200: the grant is held at the log index the request was applied at' })
  held!: boolean;
  @ApiProperty({ type: [LockHolderDto], description: 'Every holder after the grant (for a replay: the holders when the retry was applied)' })
  holders!: LockHolderDto[];
}

export class LockGrantEndedDto {
  @ApiProperty({ example: 'grant_ended', enum: ['grant_ended'] })
  error!: string;
  @ApiProperty({
    example: 'expired',
    enum: ['expired', 'released', 'upgraded', 'ended'],
    description: 'How the grant ended: lease expired; released by the owner; upgraded to exclusive under a new token (the owner holds the lock, with that token); ended (state restored from a snapshot that did not record why)',
  })
  status!: string;
  @ApiProperty({ example: 'mylock was granted to worker-7 with fencing token 1042 by this request id, but its lease expired: it is not held now. Acquire with a new X-Request-Id.' })
  message!: string;
  @ApiProperty({ example: 'mylock' })
  lock!: string;
  @ApiProperty({ example: 'worker-7' })
  owner!: string;
  @ApiProperty({ enum: ['shared', 'exclusive'], example: 'exclusive' })
  mode!: string;
  @ApiProperty({ example: 1042, description: 'Token of the ended grant: resources that check tokens refuse it once a later one was used' })
  fencing_token!: number;
  @ApiProperty({ example: '2026-11-25T14:00:30.000Z', nullable: true, type: String, description: 'When the hold ended (table time; for an expiry, the lease end); null when unknown' })
  ended_at!: string | null;
  @ApiProperty({ example: 1795960830000, nullable: true, type: Number })
  ended_at_ms!: number | null;
  @ApiProperty({ example: true, enum: [true], description: 'Always true: only a retry can find its grant ended' })
  replayed!: boolean;
  @ApiProperty({ example: false, enum: [false], description: 'Always false: the caller does not hold this grant' })
  held!: boolean;
  @ApiProperty({ type: [LockHolderDto], description: 'The holders when the retry was applied (possibly the same owner under a newer token)' })
  holders!: LockHolderDto[];
  @ApiProperty({ example: 'node1', description: 'The leader that applied the retry' })
  leader!: string;
  @ApiProperty({ example: 3 })
  term!: number;
}

export class LockReleasedDto {
  @ApiProperty({ example: 'released', enum: ['released'] })
  status!: string;
  @ApiProperty({ example: 'mylock' })
  lock!: string;
  @ApiProperty({ example: 'anonymous' })
  owner!: string;
  @ApiProperty({ enum: ['shared', 'exclusive'], example: 'exclusive' })
  mode!: string;
  @ApiProperty({ example: 1042, description: 'Token of the hold that ended' })
  fencing_token!: number;
  @ApiProperty({ example: [{ owner: 'worker-9', mode: 'exclusive', fencing_token: 1050 }], description: 'Waiters granted because of this release' })
  granted_next!: Array<{ owner: string; mode: string; fencing_token: number }>;
  @ApiProperty({ example: 'node1' })
  node!: string;
  @ApiProperty({ example: 'node1' })
  leader!: string;
  @ApiProperty({ example: 3 })
  term!: number;
  @ApiProperty({ example: false, description: 'Repeats the recorded outcome of an earlier release with the same X-Request-Id (nothing changed; granted_next as it was then)' })
  replayed!: boolean;
}

export class LockRenewedDto {
  @ApiProperty({ example: 'renewed', enum: ['renewed'] })
  status!: string;
  @ApiProperty({ example: 'mylock' })
  lock!: string;
  @ApiProperty({ example: 'anonymous' })
  owner!: string;
  @ApiProperty({ enum: ['shared', 'exclusive'], example: 'exclusive' })
  mode!: string;
  @ApiProperty({ example: 1042, description: 'Unchanged by a renewal' })
  fencing_token!: number;
  @ApiProperty({ example: '2026-11-25T14:01:00.000Z', description: 'New lease end: now + ttl_ms (leader clock)' })
  lease_expires_at!: string;
  @ApiProperty({ example: 1795960860000 })
  lease_expires_at_ms!: number;
  @ApiProperty({ example: 'node1' })
  node!: string;
  @ApiProperty({ example: 'node1' })
  leader!: string;
  @ApiProperty({ example: 3 })
  term!: number;
}

export class LockBusyDto {
  @ApiProperty({ example: 'locked', enum: ['locked', 'wait_timeout'], description: 'locked: try-lock (wait_ms=0) found it busy; wait_timeout: wait_ms elapsed, the waiter was removed' })
  error!: string;
  @ApiProperty({ example: 'mylock is held in a conflicting mode (or others wait first)' })
  message!: string;
  @ApiProperty({ example: 'mylock' })
  lock!: string;
  @ApiProperty({ example: 'worker-9' })
  owner!: string;
  @ApiProperty({ type: [LockHolderDto], description: 'Current holders' })
  holders!: LockHolderDto[];
  @ApiPropertyOptional({ example: 2, description: '(locked) number of waiters ahead' })
  waiters?: number;
  @ApiPropertyOptional({ example: 'cancelled', enum: ['timeout', 'cancelled', 'released', 'leaseExpired'], description: '(wait_timeout) why the wait ended' })
  reason?: string;
  @ApiPropertyOptional({ example: false, description: 'Repeats the recorded outcome of an earlier request with the same X-Request-Id (nothing changed); as recorded then' })
  replayed?: boolean;
}

export class LockDeadlockDto {
  @ApiProperty({ example: 'deadlock' })
  error!: string;
  @ApiProperty({ example: 'waiting for a would close the wait-for cycle B -> A -> B' })
  message!: string;
  @ApiProperty({ example: 'a' })
  lock!: string;
  @ApiProperty({ example: 'B' })
  owner!: string;
  @ApiProperty({ example: ['B', 'A'], description: '[requester, n1, …, nk]: the requester would wait for n1, …, nk waits for the requester. The requester is refused and not queued.' })
  cycle!: string[];
  @ApiProperty({ type: [WaitEdgeDto], description: 'The lock behind each step of the cycle' })
  edges!: WaitEdgeDto[];
  @ApiPropertyOptional({ example: false, description: 'Repeats the recorded outcome of an earlier request with the same X-Request-Id (nothing changed); as recorded then' })
  replayed?: boolean;
}

export class LockOwnerErrorDto {
  @ApiProperty({ example: 'not_owner', enum: ['not_owner', 'not_held'] })
  error!: string;
  @ApiProperty({ example: 'mylock is held by worker-7, not by anonymous' })
  message!: string;
  @ApiProperty({ example: 'mylock' })
  lock!: string;
  @ApiProperty({ example: 'anonymous' })
  owner!: string;
  @ApiPropertyOptional({ type: [LockHolderDto], description: '(not_owner) the actual holders' })
  holders?: LockHolderDto[];
  @ApiPropertyOptional({ example: false, description: 'Repeats the recorded outcome of an earlier request with the same X-Request-Id (nothing changed); as recorded then' })
  replayed?: boolean;
}
