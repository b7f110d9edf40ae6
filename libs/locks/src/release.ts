import { ApplyContext } from './apply-context';
import { isRefusal, requireHolder } from './holder-check';
import { ReleaseCommand } from './lock-command';
import { LockResult } from './lock-result';
import { dropHolder, promoteWaiters } from './lock-transitions';

/** release: the holder lets go; the head of the queue is granted as far as compatible. */
export function applyRelease(ctx: ApplyContext, cmd: ReleaseCommand): LockResult {
  const found = requireHolder(ctx.table.peek(cmd.lock), cmd.lock, cmd.owner);
  if (isRefusal(found)) return found;
  const { holder, state } = found;
  dropHolder(ctx, state, cmd.owner, 'released');
  const grantedNext = promoteWaiters(ctx, state);
  ctx.table.dropIfIdle(state);
  return { type: 'released', lock: cmd.lock, owner: cmd.owner, mode: holder.mode, fencingToken: holder.fencingToken, grantedNext };
}
