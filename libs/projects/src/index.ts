export * from './projects.module';
export * from './projects.repository';
export * from './projects.service';
export * from './entities/project.entity';
