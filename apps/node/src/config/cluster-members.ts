import { MemberAddress, MemberRole } from '@app/core';

/**
 * Parses CLUSTER_MEMBERS: comma-separated `id=host:httpPort:peerPort[:role]`, role voter|learner
 * (default voter). Returns the members or the list of problems, each naming the faulty item.
 */
export function parseClusterMembers(text: string): { members: MemberAddress[]; problems: string[] } {
  const members: MemberAddress[] = [];
  const problems: string[] = [];
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0) problems.push('expected at least one member, e.g. "node1=127.0.0.1:8001:9001:voter"');
  for (const item of items) {
    const member = parseMember(item);
    if (typeof member === 'string') problems.push(member);
    else if (members.some((m) => m.id === member.id)) problems.push(`"${item}": duplicate member id ${member.id}`);
    else members.push(member);
  }
  if (members.length > 0 && !members.some((m) => m.role === 'voter')) problems.push('expected at least one voter');
  return { members, problems };
}

function parseMember(item: string): MemberAddress | string {
  const expected = `"${item}": expected id=host:httpPort:peerPort[:voter|learner]`;
  const eq = item.indexOf('=');
  if (eq <= 0) return expected;
  const id = item.slice(0, eq).trim();
  const parts = item.slice(eq + 1).split(':');
  if (parts.length < 3 || parts.length > 4) return expected;
  const [host, http, peer, roleText = 'voter'] = parts;
  if (!/^[A-Za-z0-9_.-]+$/.test(id)) return `"${item}": member id may use letters, digits, "_", "." and "-" only`;
  if (host.length === 0) return expected;
  const httpPort = parsePort(http);
  const peerPort = parsePort(peer);
  if (httpPort === null || peerPort === null) return `"${item}": ports must be integers in 1..65535`;
  if (roleText !== 'voter' && roleText !== 'learner') return `"${item}": role must be voter or learner`;
  const role: MemberRole = roleText;
  return { id, host, httpPort, peerPort, role };
}

function parsePort(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/** The inverse of parseClusterMembers (used by launchers and tests that build the variable). */
export function formatClusterMembers(members: MemberAddress[]): string {
  return members.map((m) => `${m.id}=${m.host}:${m.httpPort}:${m.peerPort}:${m.role}`).join(',');
}
