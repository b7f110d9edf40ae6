import { ApplyContext } from './apply-context';
import { isRefusal, requireHolder } from './holder-check';
import { leaseExpiry } from './lease';
import { RenewCommand } from './lock-command';
import { LockResult } from './lock-result';

/** renew: the holder's lease becomes now + ttl; the token does not change (it is the same hold). */
export function applyRenew(ctx: ApplyContext, cmd: RenewCommand): LockResult {
  const found = requireHolder(ctx.table.peek(cmd.lock), cmd.lock, cmd.owner);
  if (isRefusal(found)) return found;
  const { holder } = found;
  holder.leaseExpiresAt = leaseExpiry(ctx.now, cmd.ttlMs);
  ctx.table.noteDeadline(holder.leaseExpiresAt);
  return { type: 'renewed', lock: cmd.lock, owner: cmd.owner, mode: holder.mode, fencingToken: holder.fencingToken, leaseExpiresAt: holder.leaseExpiresAt };
}
