export * from './activity.module';
export * from './activity.service';
export * from './active-users.store';
export * from './activity.config';
export { ActivityMetrics } from './activity-metric.source';
