import { CREATED_AT_COLUMN, UPDATED_AT_COLUMN } from '@app/core';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'projects' })
export class ProjectEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index('idx_projects_is_live')
  @Column({
    name: 'is_live',
    type: 'tinyint',
    default: 0,
    transformer: { to: (v: boolean) => (v ? 1 : 0), from: (v: number) => Boolean(v) },
  })
  isLive: boolean;

  @Index('idx_projects_created_at')
  @CreateDateColumn(CREATED_AT_COLUMN)
  createdAt: Date;

  @UpdateDateColumn(UPDATED_AT_COLUMN)
  updatedAt: Date;
}
