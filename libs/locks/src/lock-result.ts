import { LockMode } from './lock-mode';
import { WaitEdge } from './wait-for-graph';

/** A holder as reported to clients and in the status view. */
export interface HolderView {
  owner: string;
  mode: LockMode;
  fencingToken: number;
  leaseExpiresAt: number;
  grantedAt: number;
}

/** A grant, immediate or handed to a waiter. */
export interface Grant {
  lock: string;
  owner: string;
  mode: LockMode;
  fencingToken: number;
  leaseExpiresAt: number;
  requestId?: string;
}

/**
 * The answer to the command's proposer. Suggested HTTP mapping: granted 200, queued (keep the
 * request open until an event resolves it), busy 423, waitEnded 423 (timeout), deadlock 409, notOwner 403,
 * notHeld 404, notWaiting 404, invalid 400, released/renewed/waitCancelled/expired 200,
 * grantEnded (only ever a replay) 410.
 */
export type LockResult =
  | GrantedResult
  | QueuedResult
  | BusyResult
  | DeadlockResult
  | NotHeldResult
  | NotOwnerResult
  | ReleasedResult
  | RenewedResult
  | WaitCancelledResult
  | NotWaitingResult
  | WaitEndedResult
  | ExpiredResult
  | GrantEndedResult
  | InvalidResult;

export interface GrantedResult {
  type: 'granted';
  lock: string;
  owner: string;
  mode: LockMode;
  fencingToken: number;
  leaseExpiresAt: number;
  holders: HolderView[];
  /** The owner already held the lock in a covering mode: same token, lease refreshed. */
  reentrant: boolean;
  /** A shared hold became exclusive (with a new token). */
  upgraded: boolean;
}

export interface QueuedResult {
  type: 'queued';
  lock: string;
  owner: string;
  mode: LockMode;
  /** 1-based place in the queue when queued. */
  position: number;
  waitDeadline: number;
}

/** Try-lock (waitMs 0) found the lock busy. */
export interface BusyResult {
  type: 'busy';
  lock: string;
  owner: string;
  mode: LockMode;
  holders: HolderView[];
  waiters: number;
}

/** The wait would have closed a wait-for cycle; the requester (the youngest waiter) is refused and not queued. */
export interface DeadlockResult {
  type: 'deadlock';
  lock: string;
  owner: string;
  /** [owner, n1, ..., nk]: owner would wait for n1, ..., nk waits for owner. */
  cycle: string[];
  edges: WaitEdge[];
}

export interface NotHeldResult {
  type: 'notHeld';
  lock: string;
  owner: string;
}

export interface NotOwnerResult {
  type: 'notOwner';
  lock: string;
  owner: string;
  holders: HolderView[];
}

export interface ReleasedResult {
  type: 'released';
  lock: string;
  owner: string;
  mode: LockMode;
  fencingToken: number;
  /** Waiters granted because of this release (also reported as events). */
  grantedNext: Grant[];
}

export interface RenewedResult {
  type: 'renewed';
  lock: string;
  owner: string;
  mode: LockMode;
  fencingToken: number;
  leaseExpiresAt: number;
}

export interface WaitCancelledResult {
  type: 'waitCancelled';
  lock: string;
  owner: string;
}

export interface NotWaitingResult {
  type: 'notWaiting';
  lock: string;
  owner: string;
}

/** Final outcome of a queued acquire that did not get the lock (replayed for its requestId). */
export interface WaitEndedResult {
  type: 'waitEnded';
  lock: string;
  owner: string;
  reason: WaitEndReason;
}

export interface ExpiredResult {
  type: 'expired';
  leases: number;
  waits: number;
}

/** How a hold ended: released by its owner, lease expired, or replaced by an upgrade (new token). */
export type HoldEndReason = 'released' | 'expired' | 'upgraded';

/**
 * The replay of a grant (retried acquire, same request id) whose hold has ended since: the
 * request took effect once, but the caller does not hold that grant now. Decided when the retry
 * is applied, so `holders` are the holders at that log index. `reason` is 'unknown' only for a
 * hold that ended before the table recorded why (state restored from an older snapshot).
 */
export interface GrantEndedResult {
  type: 'grantEnded';
  lock: string;
  owner: string;
  mode: LockMode;
  /** The token of the ended grant (no longer valid for fencing). */
  fencingToken: number;
  reason: HoldEndReason | 'unknown';
  /** Table time at which the hold ended (for an expiry: its lease end), or null when unknown. */
  endedAt: number | null;
  holders: HolderView[];
}

export interface InvalidResult {
  type: 'invalid';
  message: string;
}

/**
 * Why a wait ended without a grant: its deadline passed; it was cancelled; or (for an upgrade)
 * the owner's shared hold was released or expired, so there is nothing left to upgrade.
 */
export type WaitEndReason = 'timeout' | 'cancelled' | 'released' | 'leaseExpired';

/**
 * Side effects on OTHER pending requests, in the order they happened. The node that holds a
 * queued request open resolves it from these: `granted` -> 200, `waitEnded` -> 423 (or 404 for a
 * cancel), `leaseExpired` is informational (metrics, logs, fencing audits).
 */
export type LockEvent =
  | { type: 'granted'; grant: Grant }
  | { type: 'waitEnded'; lock: string; owner: string; reason: WaitEndReason; requestId?: string }
  | { type: 'leaseExpired'; lock: string; owner: string; mode: LockMode; fencingToken: number };

/** What apply() returns. Treat it as read-only: the result may also be kept for request-id replay. */
export interface ApplyOutcome {
  result: LockResult;
  events: LockEvent[];
  /**
   * True when the command repeated the request id of an earlier one: nothing changed, and the
   * result is the recorded outcome, except that a recorded grant is checked against the present
   * (still held: `granted` with the current lease and holders; ended: `grantEnded`).
   */
  replayed: boolean;
}
