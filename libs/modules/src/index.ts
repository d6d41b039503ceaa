export * from './modules.module';
export * from './modules.service';
export * from './modules.config';
export * from './modules.bulk';
