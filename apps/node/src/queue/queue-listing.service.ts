import { NodeId } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { QueueForwarder } from './queue-forwarder.service';
import { QueuePartitions } from './queue-partitions.service';
import { QueueService } from './queue.service';

/** One partition as a replica reports it (QueueService.localView). */
interface PartitionView {
  partition: number;
  leader: string | null;
  queues: { name: string; depth: number; in_flight: number; dead_letters: number; produced: number }[];
}

/**
 * GET /queues: every queue of every partition. Partitions hosted here come from this node's applied
 * state; for the others, their replicas are asked for their local view (`?scope=local`), trying the
 * next replica of a partition when one does not answer.
 */
@Injectable()
export class QueueListing {
  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly partitions: QueuePartitions,
    private readonly queues: QueueService,
    private readonly forwarder: QueueForwarder,
  ) {}

  async list(scope: 'cluster' | 'local'): Promise<Record<string, unknown>> {
    const views = new Map<number, PartitionView>();
    for (const v of this.queues.localView() as unknown as PartitionView[]) views.set(v.partition, v);
    if (scope === 'cluster') await this.fetchMissing(views);
    const placement = this.partitions.placement;
    const shown = placement.partitions.filter((p) => scope === 'cluster' || views.has(p.index));
    return {
      node: this.config.nodeId,
      scope,
      partition_count: placement.count,
      replication: placement.replication,
      queues: [...views.values()].flatMap((v) => v.queues.map((q) => ({ name: q.name, partition: v.partition, depth: q.depth, in_flight: q.in_flight, dead_letters: q.dead_letters, produced: q.produced }))).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      partitions: shown.map((p) => ({ partition: p.index, group: p.group, replicas: p.replicas, leader: views.get(p.index)?.leader ?? null })),
      unavailable: shown.filter((p) => !views.has(p.index)).map((p) => p.index),
      // The raw per-partition views, which a node building the cluster view reads.
      ...(scope === 'local' ? { local_view: [...views.values()] } : {}),
    };
  }

  private async fetchMissing(views: Map<number, PartitionView>): Promise<void> {
    const placement = this.partitions.placement;
    for (let attempt = 0; attempt < placement.replication; attempt++) {
      const askers = new Set<NodeId>();
      for (const p of placement.partitions) if (!views.has(p.index) && p.replicas[attempt] !== undefined) askers.add(p.replicas[attempt]);
      askers.delete(this.config.nodeId);
      if (askers.size === 0) return;
      const answers = await Promise.all([...askers].map((node) => this.ask(node)));
      for (const list of answers) for (const v of list) if (!views.has(v.partition)) views.set(v.partition, v);
    }
  }

  private async ask(node: NodeId): Promise<PartitionView[]> {
    try {
      const answer = await this.forwarder.send(node, { method: 'GET', path: '/queues?scope=local', headers: { accept: 'application/json' }, forwarded: true });
      const body = answer.body as { local_view?: PartitionView[] } | undefined;
      return answer.status === 200 && Array.isArray(body?.local_view) ? body.local_view : [];
    } catch {
      return [];
    }
  }
}
