import { CONTROL_GROUP, ConfState, GroupId } from '@app/core';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { ContextLogger, JsonLogger } from '../logging/json-logger';
import { ClusterMembership } from './cluster-membership.service';
import { nextConfStep } from './conf-step';
import { GroupRegistry } from './group-registry.service';
import { RaftGroup } from './raft-group';

/** The configuration a group should have under the current membership, or null (not managed). */
export type ConfTarget = (group: GroupId) => ConfState | null;

/**
 * Moves every group this node leads toward the configuration the replicated membership asks
 * for, by Raft single-server changes, one in flight per group (conf-step.ts says which). The
 * control leader also records the bootstrap member list once, so that every node agrees on it.
 */
@Injectable()
export class MembershipReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private readonly busy = new Set<GroupId>();
  private readonly lastTransfer = new Map<GroupId, number>();
  private readonly targets: { matches: (group: GroupId) => boolean; target: ConfTarget }[] = [];
  private readonly log: ContextLogger;

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly registry: GroupRegistry,
    private readonly membership: ClusterMembership,
    logger: JsonLogger,
  ) {
    this.log = logger.child('MembershipReconciler');
    this.addTarget(
      (g) => g === CONTROL_GROUP,
      () => {
        const members = this.membership.record?.members;
        if (!members) return null;
        return { voters: members.filter((m) => m.role === 'voter').map((m) => m.id), learners: members.filter((m) => m.role === 'learner').map((m) => m.id) };
      },
    );
  }

  /** Features that own groups (queue partitions) say what configuration those groups should have. */
  addTarget(matches: (group: GroupId) => boolean, target: ConfTarget): void {
    this.targets.push({ matches, target });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.check(), Math.max(20, this.config.tickMs * 2));
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  check(): void {
    for (const group of this.registry.all()) {
      if (this.busy.has(group.id) || group.status().role !== 'leader') continue;
      if (group.id === CONTROL_GROUP && !this.membership.record) {
        this.run(group, () => this.membership.propose(this.config.members, 0).then(() => undefined));
        continue;
      }
      if (group.id === CONTROL_GROUP) {
        const unseen = this.newlyDurable(group);
        if (unseen) {
          this.run(group, () => this.membership.markSeen(unseen));
          continue;
        }
      }
      const desired = this.targets.find((t) => t.matches(group.id))?.target(group.id);
      if (desired) this.reconcile(group, desired);
    }
  }

  /** A member not yet marked seen that acknowledged control-group entries (so it has durable state). */
  private newlyDurable(control: RaftGroup): string | null {
    const record = this.membership.record;
    if (!record) return null;
    const progress = control.status().progress ?? {};
    for (const m of record.members) {
      if (record.seen.includes(m.id)) continue;
      if (m.id === this.config.nodeId || (progress[m.id]?.match ?? 0) > 0) return m.id;
    }
    return null;
  }

  private reconcile(group: RaftGroup, desired: ConfState): void {
    const status = group.status();
    const match: Record<string, number | undefined> = {};
    for (const [id, p] of Object.entries(status.progress ?? {})) match[id] = p.match;
    const step = nextConfStep(status.conf, desired, { self: this.config.nodeId, lastIndex: status.lastIndex, match });
    switch (step.kind) {
      case 'none':
      case 'wait':
        return;
      case 'transfer': {
        const now = Date.now();
        if (now - (this.lastTransfer.get(group.id) ?? 0) < 1000) return;
        this.lastTransfer.set(group.id, now);
        this.log.info('leader leaves the group: transferring leadership', { group: group.id, to: step.to });
        group.transferLeadership(step.to);
        return;
      }
      case 'change':
        // A node added from nothing catches up faster from a snapshot than from the whole log.
        if (step.joining) group.compactNow();
        this.log.info('membership change', { group: group.id, change: step.change, conf: status.conf, desired });
        this.run(group, () => group.proposeConfChange(step.change).then(() => undefined));
        return;
    }
  }

  private run(group: RaftGroup, action: () => Promise<void>): void {
    this.busy.add(group.id);
    action()
      .catch((e: unknown) => this.log.debug('membership step failed; retried', { group: group.id, error: e instanceof Error ? e.message : String(e) }))
      .finally(() => this.busy.delete(group.id));
  }
}
