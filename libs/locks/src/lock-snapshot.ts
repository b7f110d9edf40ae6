import { DedupeEntry } from './dedupe';
import { isLockMode } from './lock-mode';
import { Holder, LockState, Waiter } from './lock-state';
import { LockTableState } from './lock-table-state';

/**
 * Snapshot format (JSON, version 1). It holds everything apply() reads: the locks with holders
 * and queues in order, the token counter, the table clock, the last applied index and the
 * request-id table. Map order is kept (arrays), so a restored table applies later commands
 * exactly as the original would.
 */
export interface LockSnapshotV1 {
  version: 1;
  lastIndex: number;
  lastToken: number;
  clock: number;
  locks: LockState[];
  dedupe: DedupeEntry[];
}

export function writeSnapshot(table: LockTableState): string {
  const snap: LockSnapshotV1 = {
    version: 1,
    lastIndex: table.lastIndex,
    lastToken: table.lastToken,
    clock: table.clock,
    locks: [...table.locks.values()],
    dedupe: table.dedupe.toJSON(),
  };
  return JSON.stringify(snap);
}

/** Parses and checks a snapshot; throws on anything malformed (a corrupt snapshot must stop the node, not be half-applied). */
export function readSnapshot(data: string): LockSnapshotV1 {
  const raw: unknown = JSON.parse(data);
  const o = asObject(raw, 'snapshot');
  if (o.version !== 1) throw new Error(`lock snapshot: unsupported version ${JSON.stringify(o.version)}`);
  return {
    version: 1,
    lastIndex: num(o.lastIndex, 'lastIndex'),
    lastToken: num(o.lastToken, 'lastToken'),
    clock: num(o.clock, 'clock'),
    locks: arr(o.locks, 'locks').map(readLock),
    dedupe: arr(o.dedupe, 'dedupe').map(readDedupe),
  };
}

/** Replaces the table's contents with the snapshot's. */
export function loadSnapshot(table: LockTableState, snap: LockSnapshotV1): void {
  table.locks.clear();
  for (const l of snap.locks) table.locks.set(l.name, l);
  table.lastIndex = snap.lastIndex;
  table.lastToken = snap.lastToken;
  table.clock = snap.clock;
  table.dedupe.load(snap.dedupe);
  table.reindex();
}

function readLock(raw: unknown): LockState {
  const o = asObject(raw, 'lock');
  return { name: str(o.name, 'lock.name'), holders: arr(o.holders, 'holders').map(readHolder), waiters: arr(o.waiters, 'waiters').map(readWaiter) };
}

function readHolder(raw: unknown): Holder {
  const o = asObject(raw, 'holder');
  return { owner: str(o.owner, 'holder.owner'), mode: mode(o.mode), fencingToken: num(o.fencingToken, 'fencingToken'), leaseExpiresAt: num(o.leaseExpiresAt, 'leaseExpiresAt'), grantedAt: num(o.grantedAt, 'grantedAt') };
}

function readWaiter(raw: unknown): Waiter {
  const o = asObject(raw, 'waiter');
  if (typeof o.upgrade !== 'boolean') throw new Error('lock snapshot: waiter.upgrade must be boolean');
  return {
    owner: str(o.owner, 'waiter.owner'),
    mode: mode(o.mode),
    ttlMs: num(o.ttlMs, 'ttlMs'),
    waitDeadline: num(o.waitDeadline, 'waitDeadline'),
    upgrade: o.upgrade,
    enqueuedAt: num(o.enqueuedAt, 'enqueuedAt'),
    ...(o.requestId === undefined ? {} : { requestId: str(o.requestId, 'requestId') }),
  };
}

function readDedupe(raw: unknown): DedupeEntry {
  const o = asObject(raw, 'dedupe entry');
  if (o.command !== 'acquire' && o.command !== 'release') throw new Error('lock snapshot: dedupe.command');
  const result = asObject(o.result, 'dedupe.result');
  str(result.type, 'dedupe.result.type');
  return {
    owner: str(o.owner, 'dedupe.owner'),
    requestId: str(o.requestId, 'dedupe.requestId'),
    command: o.command,
    lock: str(o.lock, 'dedupe.lock'),
    at: num(o.at, 'dedupe.at'),
    // Results are written by apply() itself; the shape check above guards against a wrong file, not a forged one.
    result: o.result as DedupeEntry['result'],
    // Absent in snapshots written before holds recorded their end (replays then say 'unknown').
    ...(o.ended === undefined ? {} : { ended: readEnded(o.ended) }),
  };
}

function readEnded(raw: unknown): NonNullable<DedupeEntry['ended']> {
  const o = asObject(raw, 'dedupe.ended');
  if (o.reason !== 'released' && o.reason !== 'expired' && o.reason !== 'upgraded') throw new Error(`lock snapshot: bad dedupe.ended.reason ${JSON.stringify(o.reason)}`);
  return { reason: o.reason, at: num(o.at, 'dedupe.ended.at') };
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`lock snapshot: ${what} must be an object`);
  return v as Record<string, unknown>;
}

function arr(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`lock snapshot: ${what} must be an array`);
  return v;
}

function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`lock snapshot: ${what} must be a finite number`);
  return v;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new Error(`lock snapshot: ${what} must be a string`);
  return v;
}

function mode(v: unknown): Holder['mode'] {
  if (!isLockMode(v)) throw new Error(`lock snapshot: bad mode ${JSON.stringify(v)}`);
  return v;
}
