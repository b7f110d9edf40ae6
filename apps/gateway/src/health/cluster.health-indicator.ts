import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { leaderOf, NodeSelectorService } from '../proxy/node-selector.service';

/** Up when at least one node answers GET / and a control-group leader is known. */
@Injectable()
export class ClusterHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly nodes: NodeSelectorService,
  ) {}

  async check(key = 'cluster'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    const view = await this.nodes.refresh();
    const leader = leaderOf(view);
    const details = { reachable: view.reachable, nodes: view.nodes.length, leader };
    if (view.reachable === 0) return indicator.down({ ...details, reason: 'no node reachable' });
    if (leader === null) return indicator.down({ ...details, reason: 'no leader known' });
    return indicator.up(details);
  }
}
