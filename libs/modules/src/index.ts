export * from './modules.module';
export * from './modules.service';
