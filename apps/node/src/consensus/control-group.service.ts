import { CONTROL_GROUP, ConfState } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { CommandRouter, encodeCommand } from './command-router';
import { DIAG_KIND, DiagnosticRegister } from './diagnostic-register';
import { GroupRegistry } from './group-registry.service';
import { ApplyOutcome } from './proposal-tracker';
import { RaftGroup } from './raft-group';

/**
 * The control group (membership, later the lock table): present on every node from start,
 * with voters and learners from CLUSTER_MEMBERS. Features plug their command handlers into
 * `router` before boot().
 */
@Injectable()
export class ControlGroup {
  readonly router = new CommandRouter();
  readonly diagnostics = new DiagnosticRegister();
  private hosted: RaftGroup | null = null;
  /** Decides the configuration to boot with when the store is empty (ClusterMembership's rejoin guard). */
  private emptyStoreGuard: (conf: ConfState) => Promise<ConfState> = (conf) => Promise.resolve(conf);

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly registry: GroupRegistry,
  ) {
    this.router.register(DIAG_KIND, this.diagnostics);
  }

  initialConf(): ConfState {
    return {
      voters: this.config.members.filter((m) => m.role === 'voter').map((m) => m.id),
      learners: this.config.members.filter((m) => m.role === 'learner').map((m) => m.id),
    };
  }

  /** Installed before boot; may refuse to start (throws) or change the configuration of a node that starts empty. */
  guardEmptyStore(guard: (conf: ConfState) => Promise<ConfState>): void {
    this.emptyStoreGuard = guard;
  }

  async boot(): Promise<void> {
    let conf = this.initialConf();
    if (await this.registry.storedNothing(CONTROL_GROUP)) conf = await this.emptyStoreGuard(conf);
    this.hosted = await this.registry.host(CONTROL_GROUP, conf, this.router);
  }

  get group(): RaftGroup {
    if (!this.hosted) throw new Error('control group not booted yet');
    return this.hosted;
  }

  /** Proposes a diagnostic record; resolves once applied on this node. */
  proposeDiagnostic(data: unknown): Promise<ApplyOutcome> {
    return this.group.propose(encodeCommand(DIAG_KIND, data));
  }
}
