import { ApiProperty } from '@nestjs/swagger';
import { HISTORY_INTERVAL_NAMES, HistoryInterval } from './metric-history.dto';

/** The windows the live numbers are counted over, in seconds. */
export class ServiceWindowsDto {
  /** A user counts as active this long after their last activity (ACTIVE_USER_WINDOW). */
  @ApiProperty({ type: 'integer', example: 300 })
  activeUsersSeconds: number;

  /** Rejected requests are counted over the current minute and the ones before it, this long in all. */
  @ApiProperty({ type: 'integer', example: 300 })
  apiRejectionsSeconds: number;

  /** A sensor counts as online this long after its last heartbeat (SENSOR_ONLINE_WINDOW). */
  @ApiProperty({ type: 'integer', example: 300 })
  sensorOnlineSeconds: number;

  /** New projects are those created within this window. */
  @ApiProperty({ type: 'integer', example: 604800 })
  newProjectsSeconds: number;
}

/** How far back one history interval reaches. */
export class HistoryIntervalInfoDto {
  @ApiProperty({ enum: HISTORY_INTERVAL_NAMES, enumName: 'HistoryInterval', example: '5m' })
  interval: HistoryInterval;

  /** The bucket's length. */
  @ApiProperty({ type: 'integer', example: 300 })
  seconds: number;

  /** The longest `to` − `from` the history answers with this interval: the retention, or less where the point limit comes first. */
  @ApiProperty({ type: 'integer', example: 599700 })
  maxRangeSeconds: number;
}

export class HistoryInfoDto {
  /** Samples older than this are deleted (HISTORY_RETENTION_DAYS). */
  @ApiProperty({ type: 'integer', example: 90 })
  retentionDays: number;

  /** The most points one history answer holds. */
  @ApiProperty({ type: 'integer', example: 2000 })
  maxPoints: number;

  /** Every interval, finest first. */
  @ApiProperty({ type: [HistoryIntervalInfoDto] })
  intervals: HistoryIntervalInfoDto[];
}

/** What a dashboard needs to know about this service to show its numbers. */
export class ServiceInfoDto {
  /** The service's version (package.json). */
  @ApiProperty({ example: '1.0.0' })
  version: string;

  /** The git commit the running code was built from; null when unknown. */
  @ApiProperty({ type: 'string', nullable: true, example: '86be324' })
  commit: string | null;

  @ApiProperty({ type: ServiceWindowsDto })
  windows: ServiceWindowsDto;

  /** The platforms active users are counted on (ACTIVE_USER_PLATFORMS), in order. */
  @ApiProperty({ type: [String], example: ['web', 'mobile-app1', 'mobile-app2'] })
  platforms: string[];

  @ApiProperty({ type: HistoryInfoDto })
  history: HistoryInfoDto;
}
