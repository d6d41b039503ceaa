/** The feature's TypeORM entities, for an app's own DataSource (the CLI) and tests; features use the services. */
export * from './metric-sample.entity';
export * from './metric-sample-rollup.entity';
