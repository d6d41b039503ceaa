/** The feature's TypeORM entities, for an app's own DataSource (the CLI) and tests; features use the service. */
export * from './platform-module.entity';
