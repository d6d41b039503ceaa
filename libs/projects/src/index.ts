export * from './projects.module';
export * from './projects.repository';
export * from './entities/project.entity';
