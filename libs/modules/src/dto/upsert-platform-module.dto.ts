import { IsCalendarDate, IsDateTime } from '@app/core';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';

const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/;
const NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export class ModuleNameParamDto {
  /** Lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit; at most 100. */
  @ApiProperty({ example: 'billing', pattern: NAME.source, maxLength: 100 })
  @Matches(NAME, {
    message: 'name must be 1-100 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit',
  })
  name: string;
}

/** A release pipeline's report of one module; fields left out become null (the document is replaced). */
export class UpsertPlatformModuleDto {
  @ApiProperty({ example: '2.4.1', pattern: VERSION.source, maxLength: 64 })
  @IsString()
  @Matches(VERSION, {
    message: 'currentVersion must be a version like 2.4.1 (letters, digits, . + _ -; at most 64)',
  })
  currentVersion: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    required: false,
    example: '2026-11-20T14:03:00Z',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsDateTime()
  lastDeployedAt?: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: '2.5.0',
    pattern: VERSION.source,
    maxLength: 64,
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(VERSION, {
    message: 'upcomingVersion must be a version like 2.5.0 (letters, digits, . + _ -; at most 64)',
  })
  upcomingVersion?: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, required: false, example: '2026-12-04' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsCalendarDate()
  upcomingReleaseDate?: string | null;

  @ApiProperty({ type: String, nullable: true, required: false, maxLength: 10000 })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Length(0, 10_000)
  releaseNotes?: string | null;
}
