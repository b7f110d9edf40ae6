import { NodeInfo } from '@app/client';
import { Inject, Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NODE_CONFIG, NodeConfig, memberUrl } from '../config/node-config';
import { ControlGroup } from '../consensus/control-group.service';

/** Builds GET / from the control group's status. */
@Injectable()
export class NodeInfoService {
  private readonly startedAt = Date.now();
  private readonly version = readVersion();

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly control: ControlGroup,
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
      // Roles come from the group's current configuration; members it no longer lists are omitted.
      members: this.config.members
        .filter((m) => voters.has(m.id) || learners.has(m.id))
        .map((m) => ({ id: m.id, role: voters.has(m.id) ? 'voter' : 'learner', url: memberUrl(m) })),
      commit_index: status.commit,
      applied_index: this.control.group.appliedIndex,
      version: this.version,
      uptime_s: Math.round((Date.now() - this.startedAt) / 100) / 10,
    };
  }

  urlOf(node: string | null): string | null {
    const member = node ? this.config.members.find((m) => m.id === node) : undefined;
    return member ? memberUrl(member) : null;
  }
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
