import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

export class ActivityEventDto {
  /** Any stable user identifier, 1-128 characters. */
  @ApiProperty({ example: 'u-1' })
  @IsString()
  @Length(1, 128)
  userId: string;

  /** One of ACTIVE_USER_PLATFORMS (default web, mobile-app1, mobile-app2). */
  @ApiProperty({ example: 'web' })
  @IsString()
  platform: string;

  /** When the user was active (ISO-8601 with offset); default now. Future or older than the window: rejected. */
  @ApiProperty({ required: false, type: String, format: 'date-time', example: '2026-11-27T20:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO-8601 date-time' })
  @Matches(/(Z|[+-]\d{2}:?\d{2})$/, { message: 'at must carry a time zone offset (Z or +hh:mm)' })
  at?: string;
}

export class RecordActivityDto {
  @ApiProperty({ type: [ActivityEventDto], minItems: 1, maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ActivityEventDto)
  events: ActivityEventDto[];
}

export class RejectedEventDto {
  /** Position of the event in the request's `events`. */
  @ApiProperty({ example: 2, type: 'integer' })
  index: number;

  @ApiProperty({ example: 'at is in the future' })
  reason: string;
}

export class ActivityAcceptedDto {
  @ApiProperty({ example: 3, type: 'integer' })
  accepted: number;

  @ApiProperty({ type: [RejectedEventDto] })
  rejected: RejectedEventDto[];
}
