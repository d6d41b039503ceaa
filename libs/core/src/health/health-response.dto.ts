import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

/** One check of a probe: `up` or `down`, with what it found. */
const CHECK_MAP: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
    required: ['status'],
    additionalProperties: true,
  },
};

/** The answer of GET /health and GET /health/ready (the terminus shape). */
export class HealthCheckDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], example: 'ok' })
  status: string;

  /** The checks that passed. */
  @ApiProperty({
    ...CHECK_MAP,
    example: { database: { status: 'up' }, redis: { status: 'up', backend: 'redis' } },
  })
  info: Record<string, { status: string }>;

  /** The checks that failed. */
  @ApiProperty({ ...CHECK_MAP, example: {} })
  error: Record<string, { status: string }>;

  /** Every check. */
  @ApiProperty({
    ...CHECK_MAP,
    example: { database: { status: 'up' }, redis: { status: 'up', backend: 'redis' } },
  })
  details: Record<string, { status: string }>;
}

export class ProcessCheckDto {
  @ApiProperty({ enum: ['up'], example: 'up' })
  status: string;

  @ApiProperty({ type: 'integer', example: 7 })
  uptimeSeconds: number;

  /** The service's version (package.json). */
  @ApiProperty({ example: '1.0.0' })
  version: string;

  /** The git commit the running code was built from; null when unknown. */
  @ApiProperty({ type: 'string', nullable: true, example: '86be324' })
  commit: string | null;
}

export class LivenessInfoDto {
  @ApiProperty({ type: ProcessCheckDto })
  process: ProcessCheckDto;
}

/** The answer of GET /health/live. */
export class LivenessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: string;

  @ApiProperty({ type: LivenessInfoDto })
  info: LivenessInfoDto;

  /** Always empty: liveness has no check that can fail while the process answers. */
  @ApiProperty({ type: 'object', additionalProperties: false, example: {} })
  error: Record<string, never>;

  @ApiProperty({ type: LivenessInfoDto })
  details: LivenessInfoDto;
}
