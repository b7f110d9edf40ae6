import { ApplyContext } from './apply-context';
import { CancelWaitCommand } from './lock-command';
import { LockResult } from './lock-result';
import { findWaiterIndex } from './lock-state';
import { endWait, promoteWaiters } from './lock-transitions';

/** cancelWait: withdraws the owner's queued request; waiters behind it may now be granted. */
export function applyCancelWait(ctx: ApplyContext, cmd: CancelWaitCommand): LockResult {
  const state = ctx.table.peek(cmd.lock);
  const at = state === undefined ? -1 : findWaiterIndex(state, cmd.owner);
  if (state === undefined || at < 0) return { type: 'notWaiting', lock: cmd.lock, owner: cmd.owner };
  endWait(ctx, state, at, 'cancelled');
  promoteWaiters(ctx, state);
  ctx.table.dropIfIdle(state);
  return { type: 'waitCancelled', lock: cmd.lock, owner: cmd.owner };
}
