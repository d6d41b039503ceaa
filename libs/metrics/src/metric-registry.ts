import { MetricDefinition, MetricSource, MetricSourceOptions, MetricSourceProvider } from '@app/core';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

/**
 * Every metric the history can serve, collected from the providers any module of the app marked with
 * @MetricSourceProvider() (the contract lives in core, so every feature contributes its own), listed in
 * the sources' `order`.
 */
@Injectable()
export class MetricRegistry implements OnModuleInit {
  private sources: MetricSource[] = [];
  private byType = new Map<string, MetricDefinition>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const found = this.discovery
      .getProviders({ metadataKey: MetricSourceProvider.KEY })
      .filter((wrapper) => wrapper.instance !== undefined && wrapper.instance !== null)
      .map((wrapper, index) => {
        const options: MetricSourceOptions | undefined = this.discovery.getMetadataByDecorator(
          MetricSourceProvider,
          wrapper,
        );
        return { source: wrapper.instance as MetricSource, order: options?.order ?? Infinity, index };
      });
    found.sort((a, b) => (a.order === b.order ? a.index - b.index : a.order < b.order ? -1 : 1));
    this.sources = found.map((entry) => entry.source);
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
