import { PeerTransport, TransportStats } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { GroupRegistry } from '../consensus/group-registry.service';
import { RaftDriver } from '../consensus/raft-driver.service';
import { LockCommandHandler } from '../locks/lock-command-handler';
import { PeerDispatcher } from '../peer/peer-dispatcher.service';
import { QueuePartitions } from '../queue/queue-partitions.service';
import { MetricFamily, MetricType, Sample } from './exposition';
import { HttpRequestCounter } from './http-request-counter';

/**
 * Reads the counters and gauges the node already keeps (driver, transport, peer dispatcher, Raft
 * groups, lock table, hosted queue partitions) into metric families at scrape time. Nothing is
 * counted twice: the services stay the source of truth.
 */
@Injectable()
export class NodeMetricsCollector {
  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly registry: GroupRegistry,
    private readonly driver: RaftDriver,
    private readonly transport: PeerTransport,
    private readonly dispatcher: PeerDispatcher,
    private readonly locks: LockCommandHandler,
    private readonly queues: QueuePartitions,
    private readonly http: HttpRequestCounter,
  ) {}

  collect(): MetricFamily[] {
    return [
      family('dsync_node_info', 'This node (value always 1)', 'gauge', [{ labels: { node: this.config.nodeId }, value: 1 }]),
      ...this.raft(),
      ...this.driverFamilies(),
      ...this.transportFamilies(this.transport.stats()),
      ...this.dispatchFamilies(),
      this.http.family(),
      ...this.lockFamilies(),
      ...this.queueFamilies(),
    ];
  }

  private raft(): MetricFamily[] {
    const groups = this.registry.all().map((g) => ({ status: g.status(), applied: g.appliedIndex }));
    const per = (pick: (g: (typeof groups)[number]) => number): Sample[] => groups.map((g) => ({ labels: { group: g.status.group }, value: pick(g) }));
    return [
      family('dsync_raft_term', 'Current Raft term, per group', 'gauge', per((g) => g.status.term)),
      family('dsync_raft_commit_index', 'Highest log index known committed, per group', 'gauge', per((g) => g.status.commit)),
      family('dsync_raft_applied_index', 'Highest log index applied to the state machine, per group', 'gauge', per((g) => g.applied)),
      family('dsync_raft_last_index', 'Last log index held, per group', 'gauge', per((g) => g.status.lastIndex)),
      family('dsync_raft_leader', '1 when this node leads the group, else 0', 'gauge', per((g) => (g.status.role === 'leader' ? 1 : 0))),
      family('dsync_raft_leader_known', '1 when this node knows a leader of the group, else 0', 'gauge', per((g) => (g.status.leader === null ? 0 : 1))),
    ];
  }

  private driverFamilies(): MetricFamily[] {
    const d = this.driver.stats();
    return [
      family('dsync_driver_ticks_total', 'Raft ticks driven', 'counter', [{ value: d.ticks }]),
      family('dsync_driver_rounds_total', 'Ready rounds processed (each at most one store write for all groups)', 'counter', [{ value: d.rounds }]),
      family('dsync_driver_writes_total', 'Log store writes (one fsync each)', 'counter', [{ value: d.writes }]),
      family('dsync_driver_entries_written_total', 'Log entries written to the store', 'counter', [{ value: d.entriesWritten }]),
      family('dsync_driver_messages_sent_total', 'Raft messages handed to the transport', 'counter', [{ value: d.messagesSent }]),
      family('dsync_driver_failed', '1 once a store write failed (the node stopped participating)', 'gauge', [{ value: d.failed === null ? 0 : 1 }]),
    ];
  }

  private transportFamilies(t: TransportStats): MetricFamily[] {
    const droppedByReason = 'droppedByReason' in t && isCountRecord(t.droppedByReason) ? t.droppedByReason : {};
    const out: MetricFamily[] = [
      family('dsync_transport_sent_total', 'Peer payloads sent', 'counter', [{ value: t.sent }]),
      family('dsync_transport_received_total', 'Peer payloads received', 'counter', [{ value: t.received }]),
      family('dsync_transport_dropped_total', 'Outbound peer payloads dropped, by reason', 'counter', byReason(droppedByReason, t.droppedOutbound)),
      family('dsync_transport_rejected_total', 'Inbound peer payloads refused (malformed, oversize, unknown sender), by reason', 'counter', byReason(t.rejectedByReason, t.rejectedInbound)),
    ];
    if ('queued' in t && typeof t.queued === 'number') out.push(family('dsync_transport_queued', 'Payloads waiting in the per-peer send queues', 'gauge', [{ value: t.queued }]));
    return out;
  }

  private dispatchFamilies(): MetricFamily[] {
    const s = this.dispatcher.stats();
    return [
      family('dsync_peer_dispatch_delivered_total', 'Inbound Raft messages handed to their group', 'counter', [{ value: s.delivered }]),
      family('dsync_peer_dispatch_dropped_total', 'Inbound Raft messages dropped by the dispatcher, by reason', 'counter', byReason(s.droppedByReason, s.dropped)),
    ];
  }

  private lockFamilies(): MetricFamily[] {
    const view = this.locks.table.view();
    const sum = (pick: (l: (typeof view.locks)[number]) => number): number => view.locks.reduce((n, l) => n + pick(l), 0);
    return [
      family('dsync_lock_table_locks', 'Locks held or waited for, as applied on this node', 'gauge', [{ value: view.locks.length }]),
      family('dsync_lock_holders', 'Holders over all locks', 'gauge', [{ value: sum((l) => l.holders.length) }]),
      family('dsync_lock_waiters', 'Queued waiters over all locks', 'gauge', [{ value: sum((l) => l.waiters.length) }]),
      family('dsync_lock_last_fencing_token', 'Highest fencing token granted', 'gauge', [{ value: view.lastToken }]),
    ];
  }

  private queueFamilies(): MetricFamily[] {
    const partitions = this.queues.allLocal().map((p) => {
      const stats = p.machine.names().map((name) => p.machine.stats(name));
      return { group: p.info.group, queues: stats.length, depth: total(stats, 'depth'), inFlight: total(stats, 'inFlight'), deadLetters: total(stats, 'deadLetters') };
    });
    const per = (pick: (p: (typeof partitions)[number]) => number): Sample[] => partitions.map((p) => ({ labels: { group: p.group }, value: pick(p) }));
    return [
      family('dsync_queue_queues', 'Queues in each partition hosted here (applied state)', 'gauge', per((p) => p.queues)),
      family('dsync_queue_depth', 'Visible messages in each partition hosted here', 'gauge', per((p) => p.depth)),
      family('dsync_queue_in_flight', 'Delivered, not yet settled messages in each partition hosted here', 'gauge', per((p) => p.inFlight)),
      family('dsync_queue_dead_letters', 'Dead letters not yet moved to their .dlq queue, per partition hosted here', 'gauge', per((p) => p.deadLetters)),
    ];
  }
}

function family(name: string, help: string, type: MetricType, samples: Sample[]): MetricFamily {
  return { name, help, type, samples };
}

/** One sample per reason; what a total counts beyond its reasons shows as reason="other". */
function byReason(reasons: Partial<Record<string, number>>, totalCount: number): Sample[] {
  const samples: Sample[] = [];
  let counted = 0;
  for (const [reason, n] of Object.entries(reasons)) {
    if (n === undefined) continue;
    counted += n;
    samples.push({ labels: { reason }, value: n });
  }
  if (totalCount > counted) samples.push({ labels: { reason: 'other' }, value: totalCount - counted });
  return samples;
}

function total<K extends string>(stats: Array<Record<K, number>>, key: K): number {
  return stats.reduce((n, s) => n + s[key], 0);
}

function isCountRecord(x: unknown): x is Record<string, number> {
  return typeof x === 'object' && x !== null && Object.values(x).every((v) => typeof v === 'number');
}
