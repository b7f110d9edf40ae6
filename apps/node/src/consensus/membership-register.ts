import { MemberAddress, MemberRole } from '@app/core';
import { CommandHandler } from './command-router';

export const MEMBERS_KIND = 'members';

/** The replicated member list: who is on the ring and in the control group, with addresses. */
export interface MembershipRecord {
  /** Log index of the command that set `members` (compare-and-set token of the next change). */
  version: number;
  members: MemberAddress[];
  /**
   * The first list ever recorded: the bootstrap members. Partition groups were bootstrapped from
   * its placement (no conf entry in their logs), so a replica replaying a log from index 1 needs it.
   */
  bootstrap: MemberAddress[];
  /** Version of the bootstrap record: equal to `version` until the first change. */
  bootstrapVersion: number;
  /**
   * Members known to have durable Raft state (they acknowledged control-group entries). A member
   * listed here that starts with an empty store lost its disk; one not yet here never took part.
   */
  seen: string[];
}

/** Body of a 'members' command: the whole new list, valid only if the record is still at `expect`. */
export interface MembersCommand {
  members: MemberAddress[];
  /** The version the proposer read (0: no record yet). */
  expect: number;
}

/** Body of a 'members' command that marks a member as having durable state (no version change). */
export interface SeenCommand {
  seen: string;
}

export type MembersResult = { ok: true; version: number } | { ok: false; reason: 'stale' | 'malformed'; version: number };

/**
 * Control-group state machine part for the member list. A change carries the whole list and the
 * version it was computed from, so two concurrent admin calls cannot both apply on top of the
 * same list (the second is answered `stale` and retried by its caller).
 */
export class MembershipRegister implements CommandHandler {
  private record: MembershipRecord | null = null;
  private readonly listeners: ((record: MembershipRecord) => void)[] = [];

  get current(): MembershipRecord | null {
    return this.record;
  }

  onChange(listener: (record: MembershipRecord) => void): void {
    this.listeners.push(listener);
  }

  apply(body: unknown, at: { index: number; term: number }): MembersResult {
    const version = this.record?.version ?? 0;
    const seen: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'seen') : undefined;
    if (typeof seen === 'string') {
      if (!this.record || !this.record.members.some((m) => m.id === seen)) return { ok: false, reason: 'stale', version };
      if (!this.record.seen.includes(seen)) this.record = { ...this.record, seen: [...this.record.seen, seen] };
      return { ok: true, version };
    }
    const command = parseMembersCommand(body);
    if (!command) return { ok: false, reason: 'malformed', version };
    if (command.expect !== version) return { ok: false, reason: 'stale', version };
    const members = command.members.map(copyMember);
    // A removed member is forgotten as seen: added back, it is a new replica.
    const stillSeen = (this.record?.seen ?? []).filter((id) => members.some((m) => m.id === id));
    this.record = { version: at.index, members, bootstrap: this.record?.bootstrap ?? members, bootstrapVersion: this.record?.bootstrapVersion ?? at.index, seen: stillSeen };
    this.emit();
    return { ok: true, version: at.index };
  }

  snapshot(): MembershipRecord | null {
    return this.record;
  }

  restore(state: unknown): void {
    const s = state as MembershipRecord | null | undefined;
    this.record = s ? { version: s.version, members: s.members.map(copyMember), bootstrap: s.bootstrap.map(copyMember), bootstrapVersion: s.bootstrapVersion, seen: [...s.seen] } : null;
    if (this.record) this.emit();
  }

  private emit(): void {
    const record = this.record;
    if (record) for (const l of this.listeners) l(record);
  }
}

function copyMember(m: MemberAddress): MemberAddress {
  return { id: m.id, host: m.host, httpPort: m.httpPort, peerPort: m.peerPort, role: m.role };
}

/** Shape check of a command body (apply must answer malformed input, never throw). */
export function parseMembersCommand(body: unknown): MembersCommand | null {
  if (typeof body !== 'object' || body === null) return null;
  const expect: unknown = Reflect.get(body, 'expect');
  const members: unknown = Reflect.get(body, 'members');
  if (typeof expect !== 'number' || !Number.isInteger(expect) || !Array.isArray(members) || members.length === 0) return null;
  const parsed: MemberAddress[] = [];
  for (const m of members) {
    const member = parseMember(m);
    if (!member || parsed.some((p) => p.id === member.id)) return null;
    parsed.push(member);
  }
  if (!parsed.some((m) => m.role === 'voter')) return null;
  return { expect, members: parsed };
}

function parseMember(v: unknown): MemberAddress | null {
  if (typeof v !== 'object' || v === null) return null;
  const id: unknown = Reflect.get(v, 'id');
  const host: unknown = Reflect.get(v, 'host');
  const httpPort: unknown = Reflect.get(v, 'httpPort');
  const peerPort: unknown = Reflect.get(v, 'peerPort');
  const role: unknown = Reflect.get(v, 'role');
  if (typeof id !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(id) || typeof host !== 'string' || host === '') return null;
  if (!isPort(httpPort) || !isPort(peerPort)) return null;
  if (role !== 'voter' && role !== 'learner') return null;
  const r: MemberRole = role;
  return { id, host, httpPort, peerPort, role: r };
}

function isPort(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
}
