/** The feature's TypeORM entities, for an app's own DataSource (the CLI) and tests; features use the services. */
export * from './sensor.entity';
export * from './sensor-type-count.entity';
