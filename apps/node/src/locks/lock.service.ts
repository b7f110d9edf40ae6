import { Clock } from '@app/core';
import { ApplyOutcome as LockOutcome, encodeLockCommand, LockCommand, LockMode } from '@app/locks';
import { Inject, Injectable } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { encodeCommand } from '../consensus/command-router';
import { NotLeaderError } from '../consensus/consensus-errors';
import { ControlGroup } from '../consensus/control-group.service';
import { LOCK_CLOCK } from './clock';
import { LockCommandHandler, LOCK_KIND } from './lock-command-handler';
import { AnswerContext, edgeJson, grantedAnswer, LockAnswer, lockJson, resultAnswer, waitEndedAnswer } from './lock-http';
import { LockWaitHandle, LockWaits, WaitSettlement } from './lock-waits';

export interface AcquireInput {
  lock: string;
  owner: string;
  mode: LockMode;
  ttlMs: number;
  waitMs: number;
  requestId?: string;
}

export interface ReleaseInput {
  lock: string;
  owner: string;
  requestId?: string;
}

export interface RenewInput {
  lock: string;
  owner: string;
  ttlMs: number;
}

/**
 * The lock API on top of the control group. On the leader it stamps `now` into each command,
 * proposes it and turns the applied result into an HTTP answer; a queued acquire is held open
 * until an applied event (granted / waitEnded) decides it. Followers never get here for writes:
 * proposing throws NotLeaderError, which the LeaderForwarder turns into a forward.
 */
@Injectable()
export class LockService {
  readonly waits = new LockWaits();

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly control: ControlGroup,
    private readonly handler: LockCommandHandler,
    @Inject(LOCK_CLOCK) private readonly clock: Clock,
  ) {
    handler.onApplied((outcome, index) => this.waits.onEvents(outcome.events, index));
  }

  async acquire(input: AcquireInput): Promise<LockAnswer> {
    const now = this.clock.now();
    const cmd: LockCommand = { type: 'acquire', lock: input.lock, owner: input.owner, mode: input.mode, ttlMs: input.ttlMs, waitMs: input.waitMs, now, ...(input.requestId === undefined ? {} : { requestId: input.requestId }) };
    // Opened before proposing: the deciding event may be applied in the same batch as the acquire.
    const watch = this.waits.open(input.lock, input.owner);
    try {
      const { outcome, index, ctx } = await this.propose(cmd);
      const r = outcome.result;
      if (r.type !== 'queued') return resultAnswer(r, ctx, outcome.replayed);
      const settled = await this.waitOrCancel(watch, index, input, Math.max(0, r.waitDeadline - this.clock.now()));
      return this.settledAnswer(settled, input, ctx);
    } finally {
      watch.close();
    }
  }

  async release(input: ReleaseInput): Promise<LockAnswer> {
    const cmd: LockCommand = { type: 'release', lock: input.lock, owner: input.owner, now: this.clock.now(), ...(input.requestId === undefined ? {} : { requestId: input.requestId }) };
    const { outcome, ctx } = await this.propose(cmd);
    return this.finalAnswer(outcome, ctx);
  }

  async renew(input: RenewInput): Promise<LockAnswer> {
    const { outcome, ctx } = await this.propose({ type: 'renew', lock: input.lock, owner: input.owner, ttlMs: input.ttlMs, now: this.clock.now() });
    return this.finalAnswer(outcome, ctx);
  }

  /** The leader's periodic duty: time moves in the table only through commands, so propose `expire` once a deadline passed. */
  proposeExpireIfDue(): Promise<unknown> | null {
    const deadline = this.handler.table.nextDeadline();
    if (deadline === null || this.clock.now() < deadline) return null;
    return this.propose({ type: 'expire', now: this.clock.now() });
  }

  /** GET /locks: the whole table. Linearizable unless `stale` (then whatever this node applied). */
  async tableView(stale: boolean): Promise<Record<string, unknown>> {
    const readIndex = await this.readPoint(stale);
    const view = this.handler.table.view();
    return {
      node: this.config.nodeId,
      raft: this.raftJson(),
      consistency: stale ? 'stale' : 'linearizable',
      read_index: readIndex,
      applied_index: this.control.group.appliedIndex,
      last_fencing_token: view.lastToken,
      locks: view.locks.map(lockJson),
      wait_for: view.waitFor.map(edgeJson),
    };
  }

  /** GET /locks/:name: one lock (free locks show no holders). */
  async lockView(name: string, stale: boolean): Promise<Record<string, unknown>> {
    const readIndex = await this.readPoint(stale);
    return { node: this.config.nodeId, raft: this.raftJson(), consistency: stale ? 'stale' : 'linearizable', read_index: readIndex, ...lockJson(this.handler.table.viewLock(name)) };
  }

  private async readPoint(stale: boolean): Promise<number | null> {
    if (stale) return null;
    // Without a leader the ReadIndex request would be dropped and time out: say so at once.
    if (this.control.group.status().leader === null) throw new NotLeaderError(null);
    return this.control.group.readBarrier();
  }

  private raftJson(): Record<string, unknown> {
    const s = this.control.group.status();
    return { role: s.role, term: s.term, leader: s.leader, commit_index: s.commit, applied_index: this.control.group.appliedIndex };
  }

  private async propose(cmd: LockCommand): Promise<{ outcome: LockOutcome; index: number; ctx: AnswerContext }> {
    const applied = await this.control.group.propose(encodeCommand(LOCK_KIND, encodeLockCommand(cmd)));
    return { outcome: applied.result as LockOutcome, index: applied.index, ctx: { node: this.config.nodeId, leader: this.config.nodeId, term: applied.term } };
  }

  private finalAnswer(outcome: LockOutcome, ctx: AnswerContext): LockAnswer {
    const r = outcome.result;
    // release and renew never queue; a queued result here would be a wiring bug.
    if (r.type === 'queued') throw new Error(`unexpected queued result for ${r.lock}`);
    return resultAnswer(r, ctx, outcome.replayed);
  }

  /**
   * Waits for the event that decides a queued acquire. When the wait deadline passes first, the
   * waiter is withdrawn through the log (cancelWait) so it is gone on every node before we answer
   * 423; the withdrawal (or the leader's expire) itself produces the deciding waitEnded event,
   * unless a grant was applied just before it — then the caller holds the lock and gets 200.
   */
  private waitOrCancel(watch: LockWaitHandle, index: number, input: AcquireInput, timeoutMs: number): Promise<WaitSettlement> {
    return new Promise<WaitSettlement>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.propose({ type: 'cancelWait', lock: input.lock, owner: input.owner, now: this.clock.now() }).then((c) => {
          // notWaiting: the wait already ended by an event we resolved from (a no-op here), or
          // without one we saw (a snapshot replaced the state): either way it is over.
          if (c.outcome.result.type === 'notWaiting') resolve({ type: 'waitEnded', reason: 'timeout', index: c.index });
        }, reject);
      }, timeoutMs);
      watch.settled(index).then(
        (s) => {
          clearTimeout(timer);
          resolve(s);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  private settledAnswer(s: WaitSettlement, input: AcquireInput, ctx: AnswerContext): LockAnswer {
    const holders = this.handler.table.holders(input.lock);
    // Decided by an event after this request was applied: news, not a replay.
    if (s.type === 'granted') return grantedAnswer(s.grant, holders, ctx, { reentrant: false, upgraded: false, waited: true, replayed: false });
    return waitEndedAnswer(input.lock, input.owner, s.reason, holders);
  }
}
