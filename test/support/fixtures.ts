import { ProjectEntity } from '@app/projects/entities';
import { SensorEntity } from '@app/sensors/entities';
import { DataSource } from 'typeorm';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export async function insertProject(
  dataSource: DataSource,
  fields: { name?: string; isLive: boolean; createdAt: Date },
): Promise<ProjectEntity> {
  const repository = dataSource.getRepository(ProjectEntity);
  const saved = await repository.save(
    repository.create({ name: fields.name ?? 'project', isLive: fields.isLive }),
  );
  // created_at is set by the database on insert; tests need exact ages.
  await repository.update(saved.id, { createdAt: fields.createdAt });
  return { ...saved, createdAt: fields.createdAt };
}

export async function insertSensors(
  dataSource: DataSource,
  projectId: number,
  types: string[],
): Promise<SensorEntity[]> {
  const repository = dataSource.getRepository(SensorEntity);
  return repository.save(
    types.map((type, i) => repository.create({ projectId, type, name: `${type}-${i}` })),
  );
}
