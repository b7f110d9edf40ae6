import { ApiProperty } from '@nestjs/swagger';
import { ErrorBody } from '@app/client';

export class ErrorDto implements ErrorBody {
  [extra: string]: unknown;
  @ApiProperty({ example: 'no_leader', description: 'Stable machine-readable code' })
  error!: string;
  @ApiProperty({ example: 'no leader elected; retry shortly' })
  message!: string;
}
