import { assertNever } from '@app/core';
import { LockCommand } from './lock-command';
import { isLockMode } from './lock-mode';
import { validateLockName, validateOwner, validateRequestId } from './lock-name';
import { isValidTtlMs, isValidWaitMs } from './lock-params';
import { fail, ok, ParseResult } from './parse-result';

/** Serialises a command for the Raft log (entry data). */
export function encodeLockCommand(command: LockCommand): string {
  return JSON.stringify(command);
}

/**
 * Parses a log entry back into a command, checking its shape and every field (so a corrupt or
 * foreign entry is refused the same way on every node). Unknown extra fields are dropped.
 */
export function decodeLockCommand(data: string): ParseResult<LockCommand> {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return fail('lock command is not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('lock command must be an object');
  const o = raw as Record<string, unknown>;
  const candidate = pick(o);
  if (!candidate.ok) return candidate;
  const problem = checkLockCommand(candidate.value);
  return problem === null ? candidate : fail(problem);
}

function pick(o: Record<string, unknown>): ParseResult<LockCommand> {
  const now = o.now as number;
  const lock = o.lock as string;
  const owner = o.owner as string;
  const requestId = o.requestId === undefined ? {} : { requestId: o.requestId as string };
  switch (o.type) {
    case 'acquire':
      return ok({ type: 'acquire', lock, owner, mode: o.mode as 'shared', ttlMs: o.ttlMs as number, waitMs: o.waitMs as number, ...requestId, now });
    case 'release':
      return ok({ type: 'release', lock, owner, ...requestId, now });
    case 'renew':
      return ok({ type: 'renew', lock, owner, ttlMs: o.ttlMs as number, now });
    case 'cancelWait':
      return ok({ type: 'cancelWait', lock, owner, now });
    case 'expire':
      return ok({ type: 'expire', now });
    default:
      return fail(`unknown lock command type ${JSON.stringify(o.type)}`);
  }
}

/** Why a command cannot be applied, or null when it is well-formed. apply() refuses such commands as `invalid`. */
export function checkLockCommand(cmd: LockCommand): string | null {
  if (typeof cmd.now !== 'number' || !Number.isFinite(cmd.now) || cmd.now < 0) return 'now must be a non-negative finite number';
  switch (cmd.type) {
    case 'expire':
      return null;
    case 'acquire':
      return (
        checkTarget(cmd.lock, cmd.owner) ??
        (isLockMode(cmd.mode) ? null : 'mode must be shared or exclusive') ??
        (isValidTtlMs(cmd.ttlMs) ? null : 'ttlMs out of range') ??
        (isValidWaitMs(cmd.waitMs) ? null : 'waitMs out of range') ??
        checkRequestId(cmd.requestId)
      );
    case 'release':
      return checkTarget(cmd.lock, cmd.owner) ?? checkRequestId(cmd.requestId);
    case 'renew':
      return checkTarget(cmd.lock, cmd.owner) ?? (isValidTtlMs(cmd.ttlMs) ? null : 'ttlMs out of range');
    case 'cancelWait':
      return checkTarget(cmd.lock, cmd.owner);
    default:
      return assertNever(cmd, 'lock command');
  }
}

function checkTarget(lock: unknown, owner: unknown): string | null {
  const name = validateLockName(lock);
  if (!name.ok) return name.message;
  const who = validateOwner(owner);
  return who.ok ? null : who.message;
}

function checkRequestId(id: unknown): string | null {
  if (id === undefined) return null;
  const r = validateRequestId(id);
  return r.ok ? null : r.message;
}
