import { ApiProperty } from '@nestjs/swagger';

export class PlatformModuleDto {
  @ApiProperty({ example: 'billing' })
  name: string;

  @ApiProperty({ example: '2.4.1' })
  currentVersion: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-20T14:03:00.000Z' })
  lastDeployedAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2.5.0' })
  upcomingVersion: string | null;

  /** Calendar date (UTC) of the next release. */
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-12-04' })
  upcomingReleaseDate: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Faster invoices; new VAT rules.' })
  releaseNotes: string | null;
}

export class PlatformModuleListDto {
  /** Sorted by name. */
  @ApiProperty({ type: [PlatformModuleDto] })
  items: PlatformModuleDto[];
}
