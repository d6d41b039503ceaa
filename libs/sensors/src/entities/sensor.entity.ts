import { CREATED_AT_COLUMN, UPDATED_AT_COLUMN } from '@app/core';
import { ProjectEntity } from '@app/projects/entities';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity({ name: 'sensors' })
export class SensorEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'project_id', type: 'int' })
  projectId: number;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE', onUpdate: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_sensors_project' })
  project?: ProjectEntity;

  @Index('idx_sensors_type')
  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'last_seen_at', type: 'datetime', precision: 3, nullable: true, default: null })
  lastSeenAt: Date | null;

  @CreateDateColumn(CREATED_AT_COLUMN)
  createdAt: Date;

  @UpdateDateColumn(UPDATED_AT_COLUMN)
  updatedAt: Date;
}
