import { GatewayNode } from '../config/gateway-config';
import { ProxiedRoute } from './proxied-routes';

/** Queues whose serving node is remembered; the oldest is forgotten beyond this. */
const MAX_QUEUE_HINTS = 10_000;

/**
 * The order in which the gateway tries the nodes for one request. Plain state, no I/O: it learns
 * from the periodic cluster view (leader, reachability) and from every answer (`x-served-by`,
 * connection failures).
 *
 * Order: the preferred node (leader, or the queue's last serving node) unless it is known to be
 * unreachable, then the reachable nodes starting at a rotating offset (spreads the rest of the
 * load), then the unreachable ones as a last resort (the view may be out of date).
 */
export class NodeSelector {
  private readonly ids: string[];
  private readonly urls: Map<string, string>;
  private readonly unreachable = new Set<string>();
  private readonly queueHints = new Map<string, string>();
  private leaderId: string | null = null;
  private turn = 0;

  constructor(nodes: GatewayNode[]) {
    this.ids = nodes.map((n) => n.id);
    this.urls = new Map(nodes.map((n) => [n.id, n.url]));
  }

  get leader(): string | null {
    return this.leaderId;
  }

  urlOf(id: string): string {
    const url = this.urls.get(id);
    if (url === undefined) throw new Error(`unknown node ${id}`);
    return url;
  }

  isKnown(id: string): boolean {
    return this.urls.has(id);
  }

  candidates(route: ProxiedRoute, queue: string | undefined): string[] {
    const start = this.turn++ % this.ids.length;
    const rotated = [...this.ids.slice(start), ...this.ids.slice(0, start)];
    const preferred = this.preferred(route, queue);
    const first = preferred !== null && !this.unreachable.has(preferred) ? [preferred] : [];
    const up = rotated.filter((id) => !this.unreachable.has(id));
    const down = rotated.filter((id) => this.unreachable.has(id));
    return [...new Set([...first, ...up, ...down])];
  }

  /** From the cluster view: who answered GET /, and the leader (null: none known). */
  updateView(reachable: ReadonlyMap<string, boolean>, leader: string | null): void {
    for (const [id, up] of reachable) this.markReachable(id, up);
    if (leader === null || this.isKnown(leader)) this.leaderId = leader;
  }

  markReachable(id: string, up: boolean): void {
    if (up) this.unreachable.delete(id);
    else this.unreachable.add(id);
  }

  /** A node answered a request of this route; `servedBy` is the node that decided it, when it says. */
  learn(route: ProxiedRoute, queue: string | undefined, calledNode: string, status: number, servedBy: string | undefined): void {
    this.markReachable(calledNode, true);
    const decider = servedBy !== undefined && this.isKnown(servedBy) ? servedBy : calledNode;
    if (status >= 500) {
      if (route.prefer === 'queue-owner' && queue !== undefined && this.queueHints.get(queue) === calledNode) this.queueHints.delete(queue);
      return;
    }
    if (route.prefer === 'leader' && servedBy !== undefined && this.isKnown(servedBy)) this.leaderId = servedBy;
    if (route.prefer === 'queue-owner' && queue !== undefined) this.rememberQueue(queue, decider);
  }

  private preferred(route: ProxiedRoute, queue: string | undefined): string | null {
    if (route.prefer === 'leader') return this.leaderId;
    if (route.prefer === 'queue-owner' && queue !== undefined) return this.queueHints.get(queue) ?? null;
    return null;
  }

  private rememberQueue(queue: string, node: string): void {
    this.queueHints.delete(queue);
    this.queueHints.set(queue, node);
    if (this.queueHints.size > MAX_QUEUE_HINTS) {
      const oldest = this.queueHints.keys().next().value;
      if (oldest !== undefined) this.queueHints.delete(oldest);
    }
  }
}
