import { AppliedProposal, ProposalsPage } from '@app/client';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE = 1000;

export class ProposalsQueryDto {
  @ApiPropertyOptional({ example: 1, description: 'First log index to return', default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from?: number;

  @ApiPropertyOptional({ example: 100, description: `Page size, at most ${MAX_PAGE}`, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;
}

export class AppliedProposalDto implements AppliedProposal {
  @ApiProperty({ example: 17 })
  index!: number;
  @ApiProperty({ example: 3 })
  term!: number;
  @ApiProperty({ example: { hello: 'world' }, description: 'The proposed JSON value' })
  data!: unknown;
}

export class ProposalsPageDto implements ProposalsPage {
  @ApiProperty({ example: 120, description: 'Proposals applied on this node since the log began' })
  total!: number;
  @ApiProperty({ type: [AppliedProposalDto] })
  items!: AppliedProposalDto[];
  @ApiProperty({ type: Number, nullable: true, example: 118, description: 'Pass as `from` for the next page; null at the end' })
  next_from!: number | null;
}
