import { RenamedParameter } from '@app/core';
import { ApiProperty } from '@nestjs/swagger';
import { IsDateTime } from '@app/core';
import { IsIn, IsOptional, IsString } from 'class-validator';

export const HISTORY_INTERVALS = {
  '1m': 60,
  '5m': 300,
  '15m': 900,
  '30m': 1_800,
  '1h': 3_600,
  '6h': 21_600,
  '12h': 43_200,
  '1d': 86_400,
} as const;
export type HistoryInterval = keyof typeof HISTORY_INTERVALS;
export const HISTORY_INTERVAL_NAMES = Object.keys(HISTORY_INTERVALS) as HistoryInterval[];
export const MAX_HISTORY_POINTS = 2000;

export class MetricHistoryQueryDto {
  /** A registered metric; GET /api/v1/metrics/types lists them. */
  @ApiProperty({ enum: ['activeUsers'], enumName: 'MetricType', example: 'activeUsers' })
  @IsString()
  type: string;

  @ApiProperty({ enum: HISTORY_INTERVAL_NAMES, enumName: 'HistoryInterval', required: false, default: '5m' })
  @IsOptional()
  @IsIn(HISTORY_INTERVAL_NAMES)
  interval: HistoryInterval = '5m';

  /** Start (inclusive, its bucket included); default `to` minus 288 intervals. */
  @ApiProperty({ required: false, type: String, format: 'date-time', example: '2026-11-26T20:00:00Z' })
  @IsOptional()
  @IsDateTime()
  from?: string;

  /** End (its bucket included); default now. */
  @ApiProperty({ required: false, type: String, format: 'date-time', example: '2026-11-27T20:00:00Z' })
  @IsOptional()
  @IsDateTime()
  to?: string;

  /** The original service's name of `type`. */
  @RenamedParameter('type', 'type=activeUsers')
  metric?: undefined;
}

export class MetricPointDto {
  /** Bucket start, UTC. */
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-27T20:00:00.000Z' })
  timestamp: string;

  /** The bucket's aggregate; null where no sample exists. */
  @ApiProperty({ type: 'number', nullable: true, example: 1204.4 })
  value: number | null;
}

export class MetricHistoryDto {
  @ApiProperty({ example: 'activeUsers' })
  metricType: string;

  @ApiProperty({ enum: HISTORY_INTERVAL_NAMES, enumName: 'HistoryInterval' })
  interval: HistoryInterval;

  @ApiProperty({ type: String, format: 'date-time' })
  from: string;

  @ApiProperty({ type: String, format: 'date-time' })
  to: string;

  @ApiProperty({ enum: ['avg', 'sum'], enumName: 'MetricAggregation' })
  aggregation: 'avg' | 'sum';

  @ApiProperty({ example: 'users' })
  unit: string;

  /** One per bucket from the one holding `from` to the one holding `to`, ascending. */
  @ApiProperty({ type: [MetricPointDto] })
  points: MetricPointDto[];
}

export class MetricTypeDto {
  @ApiProperty({ example: 'activeUsers' })
  type: string;

  /** The metric's name as people read it. */
  @ApiProperty({ example: 'Active users' })
  label: string;

  @ApiProperty({ example: 'users' })
  unit: string;

  @ApiProperty({ enum: ['avg', 'sum'], enumName: 'MetricAggregation' })
  aggregation: 'avg' | 'sum';

  @ApiProperty({ example: 'Distinct users active within the window, any platform' })
  description: string;
}

export class MetricTypeListDto {
  @ApiProperty({ type: [MetricTypeDto] })
  items: MetricTypeDto[];
}
