import { CREATED_AT_COLUMN, UPDATED_AT_COLUMN } from '@app/core';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A module of the platform (a deployable service), its versions and its next release. */
@Entity({ name: 'modules' })
export class PlatformModuleEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Index('uq_modules_name', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'current_version', type: 'varchar', length: 64 })
  currentVersion: string;

  @Column({ name: 'last_deployed_at', type: 'datetime', precision: 3, nullable: true, default: null })
  lastDeployedAt: Date | null;

  @Column({ name: 'upcoming_version', type: 'varchar', length: 64, nullable: true, default: null })
  upcomingVersion: string | null;

  /** A calendar day: read and written in UTC, so it never shifts by a day with the process time zone. */
  @Column({ name: 'upcoming_release_date', type: 'date', nullable: true, default: null, utc: true })
  upcomingReleaseDate: string | null;

  @Column({ name: 'release_notes', type: 'text', nullable: true })
  releaseNotes: string | null;

  @CreateDateColumn(CREATED_AT_COLUMN)
  createdAt: Date;

  @UpdateDateColumn(UPDATED_AT_COLUMN)
  updatedAt: Date;
}
