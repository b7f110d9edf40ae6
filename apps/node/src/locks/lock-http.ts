import { assertNever } from '@app/core';
import { Grant, GrantEndedResult, HolderView, LockResult, LockView, WaiterView, WaitEdge, WaitEndReason } from '@app/locks';

/** What the lock endpoints answer: an HTTP status and a JSON body (errors carry {error, message}). */
export interface LockAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Who answered: the node, the leader that decided, and the leader's term. */
export interface AnswerContext {
  node: string;
  leader: string | null;
  term: number;
}

/** Times go out twice: ISO-8601 for people, epoch milliseconds (leader clock) for programs. */
function time(prefix: string, ms: number): Record<string, string | number> {
  return { [prefix]: new Date(ms).toISOString(), [`${prefix}_ms`]: ms };
}

export function holderJson(h: HolderView): Record<string, unknown> {
  return { owner: h.owner, mode: h.mode, fencing_token: h.fencingToken, ...time('lease_expires_at', h.leaseExpiresAt), ...time('granted_at', h.grantedAt) };
}

export function waiterJson(w: WaiterView): Record<string, unknown> {
  return { owner: w.owner, mode: w.mode, position: w.position, upgrade: w.upgrade, ...time('wait_deadline', w.waitDeadline) };
}

export function edgeJson(e: WaitEdge): Record<string, unknown> {
  return { from: e.from, to: e.to, lock: e.lock };
}

export function lockJson(v: LockView): Record<string, unknown> {
  return { name: v.name, mode: v.mode, holders: v.holders.map(holderJson), waiters: v.waiters.map(waiterJson), wait_for: v.waitFor.map(edgeJson) };
}

/**
 * `replayed`: the answer repeats the outcome of an earlier request with the same X-Request-Id.
 * `held`: the grant in the answer is held at the log index the request was applied at (always
 * true on a 200 grant; a replayed grant that has ended is a 410 with held false).
 */
export function grantedAnswer(g: Grant, holders: HolderView[], ctx: AnswerContext, extra: { reentrant: boolean; upgraded: boolean; waited: boolean; replayed: boolean }): LockAnswer {
  return {
    status: 200,
    body: {
      status: 'granted',
      lock: g.lock,
      mode: g.mode,
      owner: g.owner,
      fencing_token: g.fencingToken,
      ...time('lease_expires_at', g.leaseExpiresAt),
      node: ctx.node,
      leader: ctx.leader,
      term: ctx.term,
      ...extra,
      held: true,
      holders: holders.map(holderJson),
    },
  };
}

export function waitEndedAnswer(lock: string, owner: string, reason: WaitEndReason, holders: HolderView[], replayed = false): LockAnswer {
  const why: Record<WaitEndReason, string> = {
    timeout: 'wait_ms elapsed before the lock was free',
    cancelled: 'wait_ms elapsed before the lock was free; the wait was withdrawn',
    released: 'the shared hold this upgrade waited on was released',
    leaseExpired: 'the shared hold this upgrade waited on expired',
  };
  return { status: 423, body: { error: 'wait_timeout', message: `${lock} not acquired: ${why[reason]}`, lock, owner, reason, holders: holders.map(holderJson), replayed } };
}

/**
 * 410 Gone: a retried acquire whose grant has ended since. The acquire took effect once (so it is
 * not retried again), but the caller does not hold that grant: `status` says how it ended, and
 * `holders` are the holders now. To get the lock again, send a new request (a new X-Request-Id).
 */
export function grantEndedAnswer(r: GrantEndedResult, ctx: AnswerContext): LockAnswer {
  const how: Record<GrantEndedResult['reason'], string> = {
    released: 'it was released',
    expired: 'its lease expired',
    upgraded: 'it was upgraded to exclusive under a new fencing token',
    unknown: 'it ended',
  };
  return {
    status: 410,
    body: {
      error: 'grant_ended',
      status: r.reason === 'unknown' ? 'ended' : r.reason,
      message: `${r.lock} was granted to ${r.owner} with fencing token ${r.fencingToken} by this request id, but ${how[r.reason]}: it is not held now. Acquire with a new X-Request-Id.`,
      lock: r.lock,
      owner: r.owner,
      mode: r.mode,
      fencing_token: r.fencingToken,
      ...(r.endedAt === null ? { ended_at: null, ended_at_ms: null } : time('ended_at', r.endedAt)),
      replayed: true,
      held: false,
      holders: r.holders.map(holderJson),
      // No `node`: like other errors, a 410 goes back through a follower unchanged.
      leader: ctx.leader,
      term: ctx.term,
    },
  };
}

/**
 * Maps an applied result to HTTP. `queued` is not final and is handled by the caller. Answers to
 * the commands that take an X-Request-Id (acquire, release) say whether they are a replay.
 */
export function resultAnswer(r: Exclude<LockResult, { type: 'queued' }>, ctx: AnswerContext, replayed = false): LockAnswer {
  switch (r.type) {
    case 'granted':
      return grantedAnswer(r, r.holders, ctx, { reentrant: r.reentrant, upgraded: r.upgraded, waited: false, replayed });
    case 'grantEnded':
      return grantEndedAnswer(r, ctx);
    case 'busy':
      return { status: 423, body: { error: 'locked', message: `${r.lock} is held in a conflicting mode (or others wait first)`, lock: r.lock, owner: r.owner, mode: r.mode, holders: r.holders.map(holderJson), waiters: r.waiters, replayed } };
    case 'waitEnded':
      return waitEndedAnswer(r.lock, r.owner, r.reason, [], replayed);
    case 'deadlock':
      return { status: 409, body: { error: 'deadlock', message: `waiting for ${r.lock} would close the wait-for cycle ${[...r.cycle, r.cycle[0]].join(' -> ')}`, lock: r.lock, owner: r.owner, cycle: r.cycle, edges: r.edges.map(edgeJson), replayed } };
    case 'notOwner':
      return { status: 403, body: { error: 'not_owner', message: `${r.lock} is held by ${r.holders.map((h) => h.owner).join(', ')}, not by ${r.owner}`, lock: r.lock, owner: r.owner, holders: r.holders.map(holderJson), replayed } };
    case 'notHeld':
      return { status: 404, body: { error: 'not_held', message: `${r.lock} is not held`, lock: r.lock, owner: r.owner, replayed } };
    case 'notWaiting':
      return { status: 404, body: { error: 'not_waiting', message: `${r.owner} does not wait for ${r.lock}`, lock: r.lock, owner: r.owner } };
    case 'released':
      return {
        status: 200,
        body: { status: 'released', lock: r.lock, owner: r.owner, mode: r.mode, fencing_token: r.fencingToken, granted_next: r.grantedNext.map((g) => ({ owner: g.owner, mode: g.mode, fencing_token: g.fencingToken })), node: ctx.node, leader: ctx.leader, term: ctx.term, replayed },
      };
    case 'renewed':
      return { status: 200, body: { status: 'renewed', lock: r.lock, owner: r.owner, mode: r.mode, fencing_token: r.fencingToken, ...time('lease_expires_at', r.leaseExpiresAt), node: ctx.node, leader: ctx.leader, term: ctx.term } };
    case 'waitCancelled':
      return { status: 200, body: { status: 'wait_cancelled', lock: r.lock, owner: r.owner } };
    case 'expired':
      return { status: 200, body: { status: 'expired', leases: r.leases, waits: r.waits } };
    case 'invalid':
      return { status: 400, body: { error: 'bad_request', message: r.message } };
    default:
      return assertNever(r, 'lock result');
  }
}

export function badRequest(message: string): LockAnswer {
  return { status: 400, body: { error: 'bad_request', message } };
}
