import { MemberAddress } from '@app/core';

/** What the member-list builder needs from the launch options. */
export interface MemberPlan {
  nodes: number;
  voters: number;
  host: string;
  basePort: number;
  peerBasePort: number;
}

/** node1..nodeN; the first `voters` vote, the rest join as learners (ARCHITECTURE §1: node4 is the learner). */
export function buildMembers(plan: MemberPlan): MemberAddress[] {
  if (plan.voters < 1 || plan.voters > plan.nodes) {
    throw new RangeError(`voters must be within 1..${plan.nodes}, got ${plan.voters}`);
  }
  return Array.from({ length: plan.nodes }, (_, i) => ({
    id: `node${i + 1}`,
    host: plan.host,
    httpPort: plan.basePort + i,
    peerPort: plan.peerBasePort + i,
    role: i < plan.voters ? 'voter' : 'learner',
  }));
}

/** CLUSTER_MEMBERS env value: "node1=127.0.0.1:8001:9001:voter,...". */
export function formatClusterMembers(members: readonly MemberAddress[]): string {
  return members.map((m) => `${m.id}=${m.host}:${m.httpPort}:${m.peerPort}:${m.role}`).join(',');
}

export function httpUrl(member: Pick<MemberAddress, 'host' | 'httpPort'>): string {
  const host = member.host.includes(':') ? `[${member.host}]` : member.host;
  return `http://${host}:${member.httpPort}`;
}

/** GATEWAY_NODES env value: "node1=http://127.0.0.1:8001,...". */
export function formatGatewayNodes(members: readonly MemberAddress[]): string {
  return members.map((m) => `${m.id}=${httpUrl(m)}`).join(',');
}
