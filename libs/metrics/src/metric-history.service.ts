import { AppCacheService, ValidationProblemException } from '@app/core';
import { Injectable } from '@nestjs/common';
import {
  HISTORY_INTERVALS,
  MAX_HISTORY_POINTS,
  MetricHistoryDto,
  MetricHistoryQueryDto,
  MetricPointDto,
  MetricTypeListDto,
} from './dto/metric-history.dto';
import { MetricRegistry } from './metric-registry';
import { MetricSamplesRepository, SAMPLE_LEVEL_SECONDS, SampleLevel } from './metric-samples.repository';

const DEFAULT_POINTS_BACK = 288;
/**
 * The coarsest stored level whose periods tile buckets of `stepSeconds`: buckets are UTC-aligned epoch
 * multiples, so a 1h/6h/12h bucket is exactly its hours and a 1d bucket its day, and the rollups give
 * the sums and weighted averages the minutes would. Smaller buckets read the minutes.
 */
export function levelFor(stepSeconds: number): SampleLevel {
  const levels: SampleLevel[] = ['day', 'hour', 'minute'];
  return levels.find((level) => stepSeconds % SAMPLE_LEVEL_SECONDS[level] === 0) ?? 'minute';
}

/**
 * Answers are cached per metric, interval and bucket range: a long range aggregates up to ~130k rows
 * (90 days of minutes), and dashboards ask the same question every few seconds. Samples arrive once a
 * minute, so 30 s of caching hides nothing a chart would show.
 */
export const HISTORY_CACHE_TTL_MS = 30_000;

@Injectable()
export class MetricHistoryService {
  constructor(
    private readonly registry: MetricRegistry,
    private readonly samples: MetricSamplesRepository,
    private readonly cache: AppCacheService,
  ) {}

  types(): MetricTypeListDto {
    return {
      items: this.registry.definitions().map(({ type, label, unit, aggregation, description }) => ({
        type,
        label,
        unit,
        aggregation,
        description,
      })),
    };
  }

  async history(query: MetricHistoryQueryDto, nowMs = Date.now()): Promise<MetricHistoryDto> {
    const definition = this.registry.find(query.type);
    if (!definition) {
      throw new ValidationProblemException([
        { field: 'type', message: `type must be one of: ${this.registry.types().join(', ')}` },
      ]);
    }
    const stepMs = HISTORY_INTERVALS[query.interval] * 1000;
    const toMs = query.to === undefined ? nowMs : Date.parse(query.to);
    const fromMs = query.from === undefined ? toMs - DEFAULT_POINTS_BACK * stepMs : Date.parse(query.from);
    if (!(fromMs < toMs)) {
      throw new ValidationProblemException([{ field: 'from', message: 'from must be earlier than to' }]);
    }
    const firstBucket = Math.floor(fromMs / stepMs) * stepMs;
    const lastBucket = Math.floor(toMs / stepMs) * stepMs;
    const count = (lastBucket - firstBucket) / stepMs + 1;
    if (count > MAX_HISTORY_POINTS) {
      throw new ValidationProblemException([
        {
          field: 'from',
          message: `the range holds ${count} points of ${query.interval}; at most ${MAX_HISTORY_POINTS}: use a larger interval or a shorter range`,
        },
      ]);
    }
    // The points themselves are cached (not only the buckets): the same array serves every request for
    // these buckets until it expires, so it is built, and serialized (see serializeMetricHistory), once.
    const cacheKey = `history:${definition.type}:${query.interval}:${firstBucket}:${lastBucket}`;
    const points = await this.cache.getOrLoad(cacheKey, HISTORY_CACHE_TTL_MS, async () => {
      const buckets = await this.samples.buckets(
        definition.type,
        firstBucket,
        lastBucket + stepMs,
        stepMs / 1000,
        definition.aggregation,
        levelFor(stepMs / 1000),
      );
      const byStart = new Map(buckets.map((bucket) => [bucket.bucketStart * 1000, bucket.value]));
      return Array.from({ length: count }, (_, i): MetricPointDto => {
        const start = firstBucket + i * stepMs;
        return { timestamp: new Date(start).toISOString(), value: byStart.get(start) ?? null };
      });
    });
    return {
      metricType: definition.type,
      interval: query.interval,
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      aggregation: definition.aggregation,
      unit: definition.unit,
      points,
    };
  }
}
