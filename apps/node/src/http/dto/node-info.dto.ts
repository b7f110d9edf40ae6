import { MemberInfo, MemberRoleName, NodeInfo, RaftRoleName } from '@app/client';
import { ApiProperty } from '@nestjs/swagger';

export class MemberDto implements MemberInfo {
  @ApiProperty({ example: 'node2' })
  id!: string;
  @ApiProperty({ enum: ['voter', 'learner'], example: 'voter', description: 'Role in the control group' })
  role!: MemberRoleName;
  @ApiProperty({ example: 'http://127.0.0.1:8002' })
  url!: string;
}

export class NodeInfoDto implements NodeInfo {
  @ApiProperty({ example: 'node1' })
  node!: string;
  @ApiProperty({ enum: ['follower', 'pre-candidate', 'candidate', 'leader'], example: 'leader', description: 'Role in the control group' })
  role!: RaftRoleName;
  @ApiProperty({ example: 3 })
  term!: number;
  @ApiProperty({ type: String, nullable: true, example: 'node1' })
  leader!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'http://127.0.0.1:8001' })
  leader_url!: string | null;
  @ApiProperty({ type: [MemberDto] })
  members!: MemberDto[];
  @ApiProperty({ example: 42 })
  commit_index!: number;
  @ApiProperty({ example: 42 })
  applied_index!: number;
  @ApiProperty({ example: '0.1.0' })
  version!: string;
  @ApiProperty({ example: 12.5, description: 'Seconds since the process started' })
  uptime_s!: number;
}
