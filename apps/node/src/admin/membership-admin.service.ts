import { MemberAddress } from '@app/core';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { ClusterMembership } from '../consensus/cluster-membership.service';
import { ProposalFailedError } from '../consensus/consensus-errors';
import { PartitionPlacement } from '../queue/partition-placement';
import { MemberDto, MembersDto, MembershipChangeDto, PartitionMoveDto } from './dto/member.dto';

/**
 * Adds and removes cluster members (run on the control leader: ClusterMembership.propose needs
 * it). The change is one replicated 'members' command; partition groups then follow it, each
 * moved by its own leader (MembershipReconciler).
 */
@Injectable()
export class MembershipAdmin {
  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly membership: ClusterMembership,
  ) {}

  view(): MembersDto {
    const r = this.membership.record;
    return { node: this.config.nodeId, version: r?.version ?? 0, bootstrap_version: r?.bootstrapVersion ?? 0, seen: r?.seen ?? [], members: this.membership.members().map(toDto) };
  }

  async add(member: MemberAddress): Promise<MembershipChangeDto> {
    await this.membership.control.group.readBarrier();
    const before = this.membership.members();
    if (before.some((m) => m.id === member.id)) throw new ConflictException(`${member.id} is already a member; remove it first to re-add it (e.g. after its data was lost)`);
    return this.change(before, [...before, member]);
  }

  async remove(id: string): Promise<MembershipChangeDto> {
    await this.membership.control.group.readBarrier();
    const before = this.membership.members();
    if (!before.some((m) => m.id === id)) throw new NotFoundException(`${id} is not a member`);
    const after = before.filter((m) => m.id !== id);
    if (!after.some((m) => m.role === 'voter')) throw new ConflictException(`removing ${id} would leave the control group without a voter`);
    return this.change(before, after);
  }

  private async change(before: MemberAddress[], after: MemberAddress[]): Promise<MembershipChangeDto> {
    const result = await this.membership.propose(after, this.membership.record?.version ?? 0);
    if (!result.ok) {
      if (result.reason === 'stale') throw new ProposalFailedError('rejected', 'the member list changed meanwhile; retry');
      throw new ConflictException(`member list refused: ${result.reason}`);
    }
    return { ...this.view(), moves: this.moves(before, after) };
  }

  private moves(before: MemberAddress[], after: MemberAddress[]): PartitionMoveDto[] {
    const { partitions, replication } = this.config.queue;
    const a = new PartitionPlacement(before.map((m) => m.id), partitions, replication);
    const b = new PartitionPlacement(after.map((m) => m.id), partitions, replication);
    return b.partitions.flatMap((p, i) => {
      const old = a.partitions[i].replicas;
      const add = p.replicas.filter((r) => !old.includes(r));
      const remove = old.filter((r) => !p.replicas.includes(r));
      return add.length + remove.length > 0 ? [{ group: p.group, add, remove }] : [];
    });
  }
}

function toDto(m: MemberAddress): MemberDto {
  return { id: m.id, host: m.host, http_port: m.httpPort, peer_port: m.peerPort, role: m.role };
}
