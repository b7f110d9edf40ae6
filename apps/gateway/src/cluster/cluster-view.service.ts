import { NodeClient } from '@app/client';
import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway-config';
import { ClusterViewDto, NodeViewDto } from './cluster-view.dto';

/** Asks every configured node for GET / (in parallel, bounded by a timeout) and merges the answers. */
@Injectable()
export class ClusterViewService {
  private readonly clients: Array<{ id: string; url: string; client: NodeClient }>;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.clients = config.nodes.map((n) => ({ ...n, client: new NodeClient(n.url, { timeoutMs: config.nodeTimeoutMs }) }));
  }

  async view(): Promise<ClusterViewDto> {
    const nodes: NodeViewDto[] = await Promise.all(
      this.clients.map(async ({ id, url, client }) => {
        try {
          const i = await client.info();
          return { id, url, reachable: true, role: i.role, term: i.term, leader: i.leader, commit_index: i.commit_index, applied_index: i.applied_index };
        } catch (e) {
          return { id, url, reachable: false, error: e instanceof Error ? e.message : String(e) };
        }
      }),
    );
    const leaders = nodes.filter((n) => n.role === 'leader').sort((a, b) => (b.term ?? 0) - (a.term ?? 0));
    const leader = leaders[0] ?? null;
    return {
      leader: leader?.id ?? null,
      leader_url: leader?.url ?? null,
      term: Math.max(0, ...nodes.map((n) => n.term ?? 0)),
      reachable: nodes.filter((n) => n.reachable).length,
      nodes,
    };
  }
}
