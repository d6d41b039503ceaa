export * from './activity.module';
export * from './activity.service';
