import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ControlGroup } from '../consensus/control-group.service';

/** Up when the control group knows a leader (this node or another). */
@Injectable()
export class RaftHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly control: ControlGroup,
  ) {}

  check(key = 'raft'): HealthIndicatorResult {
    const indicator = this.health.check(key);
    const s = this.control.group.status();
    const details = { role: s.role, term: s.term, leader: s.leader, commit: s.commit };
    return s.leader ? indicator.up(details) : indicator.down({ ...details, reason: 'no leader in the control group' });
  }
}
