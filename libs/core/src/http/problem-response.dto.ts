import { ApiProperty } from '@nestjs/swagger';

export class FieldErrorDto {
  /** Path of the offending input, e.g. `interval` or `events[3].platform`. */
  @ApiProperty({ example: 'interval' })
  field: string;

  /** The rule it broke. */
  @ApiProperty({ example: 'interval must be one of the following values: 1m, 5m, 15m, 30m, 1h, 6h, 12h, 1d' })
  message: string;
}

/** RFC 9457 problem details, served as application/problem+json. */
export class ProblemResponseDto {
  @ApiProperty({ example: 'about:blank' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'The request has invalid fields: interval' })
  detail: string;

  /** The path of the request that failed. */
  @ApiProperty({ example: '/api/v1/metrics/history' })
  instance: string;

  /** Also sent as the X-Request-Id header and in every log line of the request. */
  @ApiProperty({ example: '0b6f2f7e-3f7c-4a8e-9d8b-2f1a7b0f4c11' })
  requestId: string;

  @ApiProperty({ type: [FieldErrorDto], required: false })
  errors?: FieldErrorDto[];
}
