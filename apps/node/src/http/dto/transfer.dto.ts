import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class TransferLeadershipDto {
  @ApiProperty({ example: 'node2', description: 'Voter to hand leadership to' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'to must be a member id like "node2"' })
  to!: string;
}

export class TransferAcceptedDto {
  @ApiProperty({ example: 'node2' })
  requested!: string;
}
