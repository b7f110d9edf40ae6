import { ProposeResponse } from '@app/client';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined } from 'class-validator';

export class ProposeRequestDto {
  @ApiProperty({ description: 'Any JSON value; recorded by the diagnostic register when applied', example: { hello: 'world' } })
  @IsDefined({ message: 'data is required (any JSON value)' })
  data!: unknown;
}

export class ProposeResponseDto implements ProposeResponse {
  @ApiProperty({ example: 17, description: 'Log index of the applied entry' })
  index!: number;
  @ApiProperty({ example: 3 })
  term!: number;
  @ApiProperty({ example: 'node2', description: 'Node the client called (it forwarded to the leader if it was not the leader)' })
  node!: string;
  @ApiProperty({ example: 'node1', description: 'Leader that committed the entry' })
  leader!: string;
}
