import { ConfState, GroupId, LogStore, NodeId, PersistedGroup, SeededRandom } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { RaftGroup } from './raft-group';
import { RaftNodeFactory } from './raft-node.factory';
import { StateMachine } from './state-machine.port';

/** The Raft groups this node hosts, by id ("control", later "q/<partition>"). */
@Injectable()
export class GroupRegistry {
  private readonly groups = new Map<GroupId, RaftGroup>();
  private wake: () => void = () => undefined;

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly store: LogStore,
    private readonly raftNodes: RaftNodeFactory,
  ) {}

  /**
   * Loads the group's durable state and starts hosting it. `initialConf` may depend on what was
   * restored: a replica added at runtime starts without itself in the configuration (it learns the real
   * one from the leader's snapshot), a bootstrap replica from the bootstrap members.
   */
  async host(group: GroupId, initialConf: ConfState | ((restored: PersistedGroup) => ConfState), stateMachine: StateMachine): Promise<RaftGroup> {
    if (this.groups.has(group)) throw new Error(`group ${group} is already hosted`);
    const restored = await this.store.load(group);
    const node = this.raftNodes.create({
      id: this.config.nodeId,
      group,
      initialConf: typeof initialConf === 'function' ? initialConf(restored) : initialConf,
      electionTicks: this.config.electionTicks,
      heartbeatTicks: this.config.heartbeatTicks,
      // Election jitter only; a fresh seed per process is what we want outside the simulator.
      random: new SeededRandom(randomInt(2 ** 31)),
      restore: restored,
    });
    const requestTimeoutTicks = Math.max(1, Math.ceil(this.config.proposalTimeoutMs / this.config.tickMs));
    const options = { snapshotEvery: this.config.snapshotEvery, requestTimeoutTicks };
    const hosted = new RaftGroup(group, node, stateMachine, options, restored, () => this.wake());
    this.groups.set(group, hosted);
    return hosted;
  }

  /**
   * Stops hosting a group this node was removed from (its durable state stays in the store; if
   * the node is added back, the leader brings it up to date from there). Waiters are failed.
   */
  unhost(group: GroupId): void {
    const g = this.groups.get(group);
    if (!g) return;
    this.groups.delete(group);
    g.stop();
  }

  /** Senders the membership knows besides CLUSTER_MEMBERS (nodes added at runtime). */
  knowsMember(id: NodeId): boolean {
    return this.extraMembers(id);
  }

  /** Set by PeerSync: whether `id` is a peer (in the replicated member list, or still in a hosted group's configuration). */
  setMemberCheck(check: (id: NodeId) => boolean): void {
    this.extraMembers = check;
  }

  private extraMembers: (id: NodeId) => boolean = () => false;

  /** True when the store holds nothing for the group (a first start, or a lost data directory). */
  async storedNothing(group: GroupId): Promise<boolean> {
    return isEmptyGroup(await this.store.load(group));
  }

  /** The driver registers here to hear that some group may have a Ready. */
  onWork(wake: () => void): void {
    this.wake = wake;
  }

  get(group: GroupId): RaftGroup | undefined {
    return this.groups.get(group);
  }

  /** Like get(), for groups that must exist (the control group once booted). */
  require(group: GroupId): RaftGroup {
    const g = this.groups.get(group);
    if (!g) throw new Error(`group ${group} is not hosted on this node`);
    return g;
  }

  all(): RaftGroup[] {
    return [...this.groups.values()];
  }
}

export function isEmptyGroup(restored: PersistedGroup): boolean {
  return !restored.snapshot && restored.entries.length === 0 && restored.hardState.term === 0;
}
