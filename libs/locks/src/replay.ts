import { DedupeEntry } from './dedupe';
import { GrantedResult, GrantEndedResult, LockResult } from './lock-result';
import { LockTableState, holderViews } from './lock-table-state';

/**
 * The answer to a retried request id. The recorded outcome is returned as it was, except for a
 * grant: an old grant passed off as the present would let a client act on a lock someone else
 * holds. So a grant is checked against the table as it is when the retry is applied (the same
 * log index on every node, hence deterministic): still held by the same owner with the same
 * token -> `granted` with the current lease and holders; otherwise -> `grantEnded`.
 */
export function replayResult(table: LockTableState, entry: DedupeEntry): LockResult {
  const recorded = entry.result;
  if (recorded.type !== 'granted') return structuredClone(recorded);
  const state = table.peek(recorded.lock);
  const holders = state === undefined ? [] : holderViews(state);
  const hold = state?.holders.find((h) => h.owner === recorded.owner && h.fencingToken === recorded.fencingToken);
  if (hold !== undefined) {
    const still: GrantedResult = { ...structuredClone(recorded), mode: hold.mode, leaseExpiresAt: hold.leaseExpiresAt, holders };
    return still;
  }
  const ended: GrantEndedResult = {
    type: 'grantEnded',
    lock: recorded.lock,
    owner: recorded.owner,
    mode: recorded.mode,
    fencingToken: recorded.fencingToken,
    reason: entry.ended?.reason ?? 'unknown',
    endedAt: entry.ended?.at ?? null,
    holders,
  };
  return ended;
}
