import { assertNever } from '@app/core';
import { applyAcquire } from './acquire';
import { ApplyContext } from './apply-context';
import { applyCancelWait } from './cancel-wait';
import { DedupeLimits, DedupedCommand } from './dedupe';
import { LockCommand } from './lock-command';
import { checkLockCommand } from './lock-command-codec';
import { ApplyOutcome, HolderView, LockResult } from './lock-result';
import { loadSnapshot, readSnapshot, writeSnapshot } from './lock-snapshot';
import { holderViews, LockTableState } from './lock-table-state';
import { expireDue } from './lock-transitions';
import { lockView, LockTableView, LockView, tableView } from './lock-view';
import { applyRelease } from './release';
import { applyRenew } from './renew';
import { replayResult } from './replay';

export interface LockTableOptions {
  /** Request-id replay limits; must be identical on every node of the group. */
  dedupe?: DedupeLimits;
}

/**
 * The replicated lock table: a deterministic state machine fed with committed Raft entries.
 *
 * Same commands at the same indexes -> same results, events and snapshots on every node: it
 * reads no clock (time comes in each command's `now`) and no randomness (ids come in commands).
 *
 * Usage by the node: decode each committed entry with decodeLockCommand(), call
 * apply(command, entry.index), answer the proposer from `result`, and resolve other pending
 * (queued) requests from `events`. On the leader, propose { type: 'expire', now } once
 * now >= nextDeadline(). Snapshot with snapshot(); install with restore().
 */
export class LockTable {
  private state: LockTableState;

  constructor(private readonly options: LockTableOptions = {}) {
    this.state = new LockTableState(options.dedupe);
  }

  /** Index of the last applied command (0 before any). */
  get lastAppliedIndex(): number {
    return this.state.lastIndex;
  }

  /**
   * Applies one committed command. `index` is its Raft log index: it must grow from call to call
   * (gaps are fine: no-ops and other entries are not lock commands) and becomes the fencing token
   * of the grants it makes (see fencing.ts). Throws only on a wiring bug (index not increasing).
   */
  apply(command: LockCommand, index: number): ApplyOutcome {
    if (!Number.isSafeInteger(index) || index <= this.state.lastIndex) {
      throw new RangeError(`lock table: apply index ${index} after ${this.state.lastIndex}`);
    }
    this.state.lastIndex = index;
    const problem = checkLockCommand(command);
    if (problem !== null) return { result: { type: 'invalid', message: problem }, events: [], replayed: false };

    // Time never runs backwards in the table, even if a new leader's clock is behind the old one's.
    const now = Math.max(this.state.clock, command.now);
    this.state.clock = now;
    const ctx: ApplyContext = { table: this.state, index, now, events: [] };
    this.state.dedupe.prune(now);
    const expired = expireDue(ctx);
    if (command.type === 'expire') return { result: { type: 'expired', ...expired }, events: ctx.events, replayed: false };

    const deduped = command.type === 'acquire' || command.type === 'release' ? command : undefined;
    if (deduped?.requestId !== undefined) {
      const seen = this.state.dedupe.get(deduped.owner, deduped.requestId);
      if (seen !== undefined) {
        const same = seen.command === deduped.type && seen.lock === deduped.lock;
        const result: LockResult = same ? replayResult(this.state, seen) : { type: 'invalid', message: `request id ${deduped.requestId} was already used for ${seen.command} of ${seen.lock}` };
        return { result, events: ctx.events, replayed: same };
      }
    }
    const result = this.dispatch(ctx, command);
    if (deduped?.requestId !== undefined) this.remember(deduped.type, deduped.owner, deduped.requestId, deduped.lock, now, result);
    return { result, events: ctx.events, replayed: false };
  }

  /** Earliest lease expiry or wait deadline (leader time, ms), or null when nothing is pending. */
  nextDeadline(): number | null {
    const t = this.state.recomputeDeadline();
    return Number.isFinite(t) ? t : null;
  }

  /** The whole table for GET /locks. */
  view(): LockTableView {
    return tableView(this.state);
  }

  /** One lock for GET /locks/:name (a lock nobody holds or waits for is shown free). */
  viewLock(name: string): LockView {
    return lockView(name, this.state.peek(name));
  }

  /** The holders of one lock (for answers): unlike viewLock, no waiters and no wait-for edges, which cost O(waiters²). */
  holders(name: string): HolderView[] {
    const state = this.state.peek(name);
    return state ? holderViews(state) : [];
  }

  /** The full replicated state as JSON (see lock-snapshot.ts). */
  snapshot(): string {
    return writeSnapshot(this.state);
  }

  /** Replaces the whole state with a snapshot's. Throws, leaving the table unchanged, when the data is malformed. */
  restore(data: string): void {
    const snap = readSnapshot(data);
    const fresh = new LockTableState(this.options.dedupe);
    loadSnapshot(fresh, snap);
    this.state = fresh;
  }

  private dispatch(ctx: ApplyContext, command: Exclude<LockCommand, { type: 'expire' }>): LockResult {
    switch (command.type) {
      case 'acquire':
        return applyAcquire(ctx, command);
      case 'release':
        return applyRelease(ctx, command);
      case 'renew':
        return applyRenew(ctx, command);
      case 'cancelWait':
        return applyCancelWait(ctx, command);
      default:
        return assertNever(command, 'lock command');
    }
  }

  private remember(command: DedupedCommand, owner: string, requestId: string, lock: string, at: number, result: LockResult): void {
    // Refusals caused by bad input are not recorded: a corrected retry with the same id should run.
    if (result.type === 'invalid') return;
    // Stored as is (outcomes are read-only for callers); replays hand out a copy.
    this.state.dedupe.put({ owner, requestId, command, lock, at, result });
  }
}
