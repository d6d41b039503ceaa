import { ApiProperty } from '@nestjs/swagger';

export enum DegradedDependency {
  Redis = 'redis',
  Database = 'database',
}

export class MetricsSummaryDto {
  /** Distinct users active within ACTIVE_USER_WINDOW on any platform; null when Redis is unavailable. */
  @ApiProperty({ type: 'integer', nullable: true, example: 1342 })
  activeUsers: number | null;

  /** Active users per configured platform, every platform present (0 when none); null when Redis is unavailable. */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    nullable: true,
    example: { web: 900, 'mobile-app1': 310, 'mobile-app2': 160 },
  })
  activeUsersByPlatform: Record<string, number> | null;

  /** 4xx answers in the current minute and the four before it; null when Redis is unavailable. */
  @ApiProperty({ type: 'integer', nullable: true, example: 17 })
  apiRejectedCount: number | null;

  /** Projects created within the last 7 x 24 h; null when the database is unavailable. */
  @ApiProperty({ type: 'integer', nullable: true, example: 42 })
  newProjectsLast7Days: number | null;

  /** Projects marked live; null when the database is unavailable. */
  @ApiProperty({ type: 'integer', nullable: true, example: 5120 })
  totalLiveProjects: number | null;

  /** Sensors with a heartbeat within SENSOR_ONLINE_WINDOW; null when Redis is unavailable. */
  @ApiProperty({ type: 'integer', nullable: true, example: 870000 })
  sensorsOnline: number | null;

  /** All sensors minus the online ones; null when either store is unavailable. */
  @ApiProperty({ type: 'integer', nullable: true, example: 130000 })
  sensorsOffline: number | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-27T20:05:13.123Z' })
  generatedAt: string;

  /** The stores that could not be read for this answer; empty when all is well. */
  @ApiProperty({ enum: DegradedDependency, enumName: 'DegradedDependency', isArray: true, example: [] })
  degraded: DegradedDependency[];
}
