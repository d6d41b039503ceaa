export * from './demo-data.seeder';
export * from './demo-metric-model';
export { DEMO_MODULES, SENSOR_TYPES } from './demo-catalog';
export * from './demo.module';
export * from './demo-traffic.service';
export * from './demo.config';
