import { MemberAddress, NodeId } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { encodeCommand } from './command-router';
import { chooseAddress } from './member-address';
import { ControlGroup } from './control-group.service';
import { probeMembership, rejoinDecision, withoutSelf } from './rejoin-guard';
import { MEMBERS_KIND, MembersCommand, MembersResult, MembershipRecord, MembershipRegister } from './membership-register';

/** How long a node that starts with an empty store waits for each peer's member list. */
const PROBE_TIMEOUT_MS = 1500;

/**
 * The cluster's member list as the control group replicated it (docs/QUEUE.md "Scaling").
 * Until the first record is applied, CLUSTER_MEMBERS stands in; the control leader records it as
 * the bootstrap list as soon as it leads. From then on the replicated list wins over any node's
 * CLUSTER_MEMBERS: a node started with another list follows the replicated one.
 */
@Injectable()
export class ClusterMembership {
  readonly register = new MembershipRegister();
  /** Last replicated address of every member ever listed: a member added at runtime and removed since may still be reached while it leaves its groups. */
  private readonly known = new Map<NodeId, MemberAddress>();

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    readonly control: ControlGroup,
  ) {
    control.router.register(MEMBERS_KIND, this.register);
    this.register.onChange((record) => {
      for (const m of record.members) this.known.set(m.id, m);
    });
    control.guardEmptyStore(async (conf) => {
      const decision = rejoinDecision(config.nodeId, await probeMembership(config.nodeId, config.members, PROBE_TIMEOUT_MS));
      if (decision.kind === 'refuse') throw new Error(decision.reason);
      return decision.kind === 'join' ? withoutSelf(conf, config.nodeId) : conf;
    });
  }

  get record(): MembershipRecord | null {
    return this.register.current;
  }

  /** The members in effect: the replicated list, or CLUSTER_MEMBERS before there is one. */
  members(): MemberAddress[] {
    return this.record?.members ?? this.config.members;
  }

  /** The list the partition groups were bootstrapped from. */
  bootstrapMembers(): MemberAddress[] {
    return this.record?.bootstrap ?? this.config.members;
  }

  /** True once the list differs in history from the bootstrap (some change was committed). */
  changedSinceBootstrap(): boolean {
    const r = this.record;
    return r !== null && r.version !== r.bootstrapVersion;
  }

  /**
   * Address of a member: the replicated list's (runtime additions and moves), except that this
   * node's CLUSTER_MEMBERS wins for a member never moved at runtime (see chooseAddress); then the
   * last one known (removed members).
   */
  address(id: NodeId): MemberAddress | undefined {
    const configured = this.config.members.find((m) => m.id === id);
    const replicated = this.record?.members.find((m) => m.id === id);
    const bootstrap = this.record?.bootstrap.find((m) => m.id === id);
    return chooseAddress(configured, replicated, bootstrap) ?? this.known.get(id);
  }

  onChange(listener: (record: MembershipRecord) => void): void {
    this.register.onChange(listener);
  }

  /** Records that `id` has durable state (control leader only). */
  async markSeen(id: NodeId): Promise<void> {
    await this.control.group.propose(encodeCommand(MEMBERS_KIND, { seen: id }));
  }

  /** Proposes a new list (control leader only); `expect` is the version it was computed from. */
  async propose(members: MemberAddress[], expect: number): Promise<MembersResult> {
    const body: MembersCommand = { members, expect };
    const outcome = await this.control.group.propose(encodeCommand(MEMBERS_KIND, body));
    return outcome.result as MembersResult;
  }
}
