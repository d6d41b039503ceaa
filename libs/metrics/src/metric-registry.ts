import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

/** How samples combine into a bucket: gauges average, counts sum. */
export type Aggregation = 'avg' | 'sum';

export interface MetricDefinition {
  type: string;
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

/** A provider of one or more metrics. Mark the class with @MetricSourceProvider() and provide it in any module. */
export interface MetricSource {
  definitions(): MetricDefinition[];
  /** The samples to record at this minute tick. */
  sample(nowMs: number): Promise<MetricSample[]>;
}

export const MetricSourceProvider = DiscoveryService.createDecorator<void>();

/** Every metric the history can serve, collected from the marked providers of the whole app. */
@Injectable()
export class MetricRegistry implements OnModuleInit {
  private sources: MetricSource[] = [];
  private byType = new Map<string, MetricDefinition>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    this.sources = this.discovery
      .getProviders({ metadataKey: MetricSourceProvider.KEY })
      .map((wrapper) => wrapper.instance as MetricSource)
      .filter((instance) => instance !== undefined && instance !== null);
    this.byType = new Map();
    for (const definition of this.sources.flatMap((source) => source.definitions())) {
      if (this.byType.has(definition.type)) throw new Error(`metric ${definition.type} is registered twice`);
      this.byType.set(definition.type, definition);
    }
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  definitions(): MetricDefinition[] {
    return [...this.byType.values()];
  }

  find(type: string): MetricDefinition | undefined {
    return this.byType.get(type);
  }

  allSources(): readonly MetricSource[] {
    return this.sources;
  }
}
