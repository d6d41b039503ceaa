import { DiscoveryService } from '@nestjs/core';

/** How samples combine into a bucket: gauges average, counts sum. */
export type Aggregation = 'avg' | 'sum';

export interface MetricDefinition {
  type: string;
  /** The name people read, e.g. "Active users on web". */
  label: string;
  unit: string;
  aggregation: Aggregation;
  description: string;
}

export interface MetricSample {
  metric: string;
  /** The start of the sample minute, UTC. */
  ts: Date;
  value: number;
}

/**
 * A provider of one or more metrics for the history. Any feature implements it for its own numbers: mark
 * the class with @MetricSourceProvider() and provide it in the feature's module; the Metrics registry finds
 * it (Nest's discovery), and the metric appears in the types list, the history API and the OpenAPI enum.
 */
export interface MetricSource {
  definitions(): MetricDefinition[];
  /** The samples to record at this minute tick. A value that cannot be read is left out (a gap). */
  sample(nowMs: number): Promise<MetricSample[]>;
}

export interface MetricSourceOptions {
  /** Where the source's metrics come in the list of types (ascending; ties in discovery order). */
  order?: number;
}

export const MetricSourceProvider = DiscoveryService.createDecorator<MetricSourceOptions | undefined>();

/** The start of the minute holding `nowMs`: the time a gauge sampled at that tick is recorded at. */
export function sampleMinute(nowMs: number): Date {
  return new Date(Math.floor(nowMs / 60_000) * 60_000);
}
