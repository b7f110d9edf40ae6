import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { ProposalFailedError } from '../consensus/consensus-errors';
import { ControlGroup } from '../consensus/control-group.service';
import { ContextLogger, JsonLogger } from '../logging/json-logger';
import { LockService } from './lock.service';

/**
 * What only the leader does for the lock table, checked every tick:
 * - proposes `expire` once the table's next lease or wait deadline has passed (one at a time);
 * - when this node is no longer the leader, fails the requests it holds open with 503, since
 *   their timeouts (cancelWait) can no longer be proposed from here. Clients retry with the same
 *   X-Request-Id and the new leader replays the recorded outcome or resumes the wait.
 */
@Injectable()
export class LockLeaderDuties implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private expiring = false;
  private readonly log: ContextLogger;

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly control: ControlGroup,
    private readonly locks: LockService,
    logger: JsonLogger,
  ) {
    this.log = logger.child('LockLeaderDuties');
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.check(), Math.max(5, this.config.tickMs));
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.locks.waits.failAll(new ProposalFailedError('stopped', 'node is shutting down'));
  }

  check(): void {
    if (this.control.group.status().role !== 'leader') {
      if (this.locks.waits.size > 0) this.locks.waits.failAll(new ProposalFailedError('leadership-lost', 'this node lost leadership while the request waited; retry (with the same X-Request-Id)'));
      return;
    }
    if (this.expiring) return;
    const proposed = this.locks.proposeExpireIfDue();
    if (!proposed) return;
    this.expiring = true;
    proposed
      .catch((e: unknown) => this.log.warn('expire proposal failed', { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        this.expiring = false;
      });
  }
}
