import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ClusterViewDto } from '../cluster/cluster-view.dto';
import { ClusterViewService } from '../cluster/cluster-view.service';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway-config';
import { NodeSelector } from './node-selector';

/**
 * Keeps the NodeSelector's picture of the cluster fresh: every GATEWAY_REFRESH_MS it reads every
 * node's GET / (ClusterViewService) and records who answered and who leads. Answers to proxied
 * calls update it in between (a leader change shows in x-served-by at once).
 */
@Injectable()
export class NodeSelectorService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly state: NodeSelector;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<ClusterViewDto> | null = null;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly cluster: ClusterViewService,
  ) {
    this.state = new NodeSelector(config.nodes);
  }

  onApplicationBootstrap(): void {
    void this.refresh().catch(() => undefined);
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.config.refreshMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads the cluster now (concurrent callers share one round) and updates the selector. */
  refresh(): Promise<ClusterViewDto> {
    this.inFlight ??= this.cluster
      .view()
      .then((view) => {
        this.state.updateView(new Map(view.nodes.map((n) => [n.id, n.reachable])), leaderOf(view));
        return view;
      })
      .finally(() => (this.inFlight = null));
    return this.inFlight;
  }
}

/** The node that says it leads (highest term), else the leader the reachable nodes name. */
export function leaderOf(view: ClusterViewDto): string | null {
  if (view.leader !== null) return view.leader;
  const named = view.nodes.filter((n) => n.reachable && typeof n.leader === 'string').sort((a, b) => (b.term ?? 0) - (a.term ?? 0));
  return named[0]?.leader ?? null;
}
