export * from './modules.module';
export * from './modules.service';
export * from './entities/platform-module.entity';
