import { LockMode } from './lock-mode';

/**
 * Commands of the lock table, as proposed to the Raft log (JSON). The leader stamps `now` (its
 * clock, ms) into every command, so applying them needs no clock and gives the same state on
 * every node. Identity comes in the command too: owner and the client's optional requestId.
 */
export type LockCommand = AcquireCommand | ReleaseCommand | RenewCommand | CancelWaitCommand | ExpireCommand;

export interface AcquireCommand {
  type: 'acquire';
  lock: string;
  owner: string;
  mode: LockMode;
  ttlMs: number;
  /** 0 = try-lock (busy at once); > 0 = queue and wait up to this long. */
  waitMs: number;
  /** Makes a retried acquire take effect once (see DedupeTable). */
  requestId?: string;
  now: number;
}

export interface ReleaseCommand {
  type: 'release';
  lock: string;
  owner: string;
  requestId?: string;
  now: number;
}

export interface RenewCommand {
  type: 'renew';
  lock: string;
  owner: string;
  ttlMs: number;
  now: number;
}

/** Withdraw a queued request (the client went away or gave up). */
export interface CancelWaitCommand {
  type: 'cancelWait';
  lock: string;
  owner: string;
  now: number;
}

/**
 * Proposed by the leader when nextDeadline() has passed: drops every lease and wait whose
 * deadline is <= now. (Every command does this first; expire exists so that time moves even
 * when no client writes.)
 */
export interface ExpireCommand {
  type: 'expire';
  now: number;
}

export type LockCommandType = LockCommand['type'];
