export * from './sensors.module';
export * from './sensor-type-breakdown.service';
export * from './sensor-heartbeat.service';
export * from './sensors.service';
export * from './heartbeat.store';
export * from './last-seen-turns';
export * from './sensors.config';
export * from './sensors.bulk';
export { SensorsMetrics } from './sensors-metric.source';
