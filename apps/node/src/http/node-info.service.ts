import { NodeInfo } from '@app/client';
import { Inject, Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NODE_CONFIG, NodeConfig, memberUrl } from '../config/node-config';
import { ClusterMembership } from '../consensus/cluster-membership.service';
import { ControlGroup } from '../consensus/control-group.service';

/** Builds GET / from the control group's status. */
@Injectable()
export class NodeInfoService {
  private readonly startedAt = Date.now();
  private readonly version = readVersion();

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly control: ControlGroup,
    private readonly membership: ClusterMembership,
  ) {}

  info(): NodeInfo {
    const status = this.control.group.status();
    const voters = new Set(status.conf.voters);
    const learners = new Set(status.conf.learners);
    return {
      node: this.config.nodeId,
      role: status.role,
      term: status.term,
      leader: status.leader,
      leader_url: this.urlOf(status.leader),
      // Roles come from the group's current configuration (members added at runtime included); addresses from the membership.
      members: unique([...this.membership.members().map((m) => m.id), ...voters, ...learners]).flatMap((id) => {
        if (!voters.has(id) && !learners.has(id)) return [];
        const m = this.membership.address(id);
        return m ? [{ id, role: voters.has(id) ? 'voter' : 'learner', url: memberUrl(m) }] : [];
      }),
      commit_index: status.commit,
      applied_index: this.control.group.appliedIndex,
      version: this.version,
      uptime_s: Math.round((Date.now() - this.startedAt) / 100) / 10,
    };
  }

  /** HTTP URL of a node: the replicated member list first (runtime additions), then the last address known. */
  urlOf(node: string | null): string | null {
    const member = node ? this.membership.address(node) : undefined;
    return member ? memberUrl(member) : null;
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function readVersion(): string {
  // Walk up from this file to the repository's package.json (works from src/ and from dist/).
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { version?: string; name?: string };
      if (pkg.version) return pkg.version;
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}
