export * from './metrics.module';
export * from './metric-registry';
export * from './metrics-summary.service';
export * from './metric-sampler.service';
export * from './metric-samples.repository';
export * from './metrics.config';
export * from './metric-samples.bulk';
