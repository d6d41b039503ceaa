export * from './projects.module';
export * from './projects.service';
export * from './projects.bulk';
export { LIVE_PROJECTS_METRIC } from './projects-metric.source';
