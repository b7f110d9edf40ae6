import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class NodeViewDto {
  @ApiProperty({ example: 'node1' })
  id!: string;
  @ApiProperty({ example: 'http://127.0.0.1:8001' })
  url!: string;
  @ApiProperty({ example: true })
  reachable!: boolean;
  @ApiPropertyOptional({ example: 'leader' })
  role?: string;
  @ApiPropertyOptional({ example: 3 })
  term?: number;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'node1' })
  leader?: string | null;
  @ApiPropertyOptional({ example: 42 })
  commit_index?: number;
  @ApiPropertyOptional({ example: 42 })
  applied_index?: number;
  @ApiPropertyOptional({ example: 'connect ECONNREFUSED 127.0.0.1:8003' })
  error?: string;
}

export class ClusterViewDto {
  @ApiProperty({ type: String, nullable: true, example: 'node1', description: 'The node that reports itself leader in the highest term' })
  leader!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'http://127.0.0.1:8001' })
  leader_url!: string | null;
  @ApiProperty({ example: 3 })
  term!: number;
  @ApiProperty({ example: 4 })
  reachable!: number;
  @ApiProperty({ type: [NodeViewDto] })
  nodes!: NodeViewDto[];
}
