export * from './sensors.module';
export * from './sensors.repository';
export * from './sensor-type-breakdown.service';
export * from './sensor-heartbeat.service';
export * from './entities/sensor.entity';
export * from './entities/sensor-type-count.entity';
export * from './last-seen-turns';
