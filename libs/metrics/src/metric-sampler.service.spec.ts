import type { ActivityService } from '@app/activity';
import type { LiveStore } from '@app/core';
import type { MetricSample } from '@app/core';
import type { MetricRegistry } from './metric-registry';
import { MetricSamplerService, retentionCutoff } from './metric-sampler.service';
import type { MetricsConfig } from './metrics.config';
import type { MetricSamplesRepository } from './metric-samples.repository';

const DAY = 86_400_000;

describe('retentionCutoff', () => {
  it('goes back the retention days and down to the whole hour', () => {
    expect(retentionCutoff(Date.parse('2026-06-01T13:00:05Z'), 90).toISOString()).toBe(
      '2026-03-03T13:00:00.000Z',
    );
    expect(retentionCutoff(Date.parse('2026-06-01T13:59:59.999Z'), 1).toISOString()).toBe(
      '2026-05-31T13:00:00.000Z',
    );
  });
});

describe('MetricSamplerService.runOnce', () => {
  const sample: MetricSample = { metric: 'activeUsers', ts: new Date('2026-06-01T13:00:00Z'), value: 3 };
  const samples = { upsert: jest.fn(), deleteOlderThan: jest.fn(), rollUp: jest.fn() };
  const liveStore = { tryLock: jest.fn() };
  const activity = { trimStale: jest.fn() };
  const registry = {
    allSources: () => [{ sample: () => Promise.resolve([sample]) }],
    types: () => ['activeUsers', 'apiRejections'],
  } as unknown as MetricRegistry;
  const config = { samplerEnabled: true, historyRetentionDays: 90 } as MetricsConfig;
  const sampler = new MetricSamplerService(
    registry,
    samples as unknown as MetricSamplesRepository,
    liveStore as unknown as LiveStore,
    activity as unknown as ActivityService,
    config,
  );

  beforeEach(() => {
    jest.resetAllMocks();
    liveStore.tryLock.mockResolvedValue('token');
    activity.trimStale.mockResolvedValue(0);
    samples.upsert.mockResolvedValue(undefined);
    samples.deleteOlderThan.mockResolvedValue(2);
    samples.rollUp.mockResolvedValue(undefined);
  });

  it('writes the minute through the repository, which keeps its hour and day rolled up', async () => {
    const run = await sampler.runOnce(Date.parse('2026-06-01T13:07:05Z'));
    expect(run).toEqual({ ran: true, recorded: 1, trimmed: 0, deleted: 0 });
    expect(samples.upsert).toHaveBeenCalledWith([sample]);
    expect(samples.deleteOlderThan).not.toHaveBeenCalled();
    expect(samples.rollUp).not.toHaveBeenCalled();
  });

  it('on the hour, rolls the last day up again for minutes written past the repository', async () => {
    await sampler.runOnce(Date.parse('2026-06-01T13:00:05Z'));
    expect(samples.rollUp).toHaveBeenCalledWith(
      ['activeUsers', 'apiRejections'],
      Date.parse('2026-05-31T13:00:00Z'),
      Date.parse('2026-06-01T13:00:00Z'),
    );
  });

  it('on the hour, drops every metric at every level before the same whole-hour cutoff', async () => {
    const nowMs = Date.parse('2026-06-01T13:00:05Z');
    const run = await sampler.runOnce(nowMs);
    expect(run.deleted).toBe(4);
    const cutoff = new Date('2026-03-03T13:00:00Z');
    expect(samples.deleteOlderThan.mock.calls).toEqual([
      ['activeUsers', cutoff],
      ['apiRejections', cutoff],
    ]);
    expect(nowMs - cutoff.getTime()).toBeGreaterThanOrEqual(90 * DAY);
  });

  it('does nothing in a minute another instance took', async () => {
    liveStore.tryLock.mockResolvedValue(null);
    expect(await sampler.runOnce(Date.parse('2026-06-01T13:00:05Z'))).toEqual({
      ran: false,
      recorded: 0,
      trimmed: 0,
      deleted: 0,
    });
    expect(samples.upsert).not.toHaveBeenCalled();
  });

  it('takes the minute by a lock named after it, held two minutes', async () => {
    await sampler.runOnce(Date.parse('2026-06-01T13:07:05Z'));
    expect(liveStore.tryLock).toHaveBeenCalledWith(
      `metric-sampler:${Date.parse('2026-06-01T13:07:00Z') / 60_000}`,
      120_000,
    );
  });

  it('records what the other sources gave when one fails, and says how much it trimmed', async () => {
    const other: MetricSample = { metric: 'apiRejections', ts: sample.ts, value: 4 };
    const mixed = new MetricSamplerService(
      {
        allSources: () => [
          { sample: () => Promise.reject(new Error('database down')) },
          { sample: () => Promise.resolve([sample, other]) },
        ],
        types: () => ['activeUsers', 'apiRejections'],
      } as unknown as MetricRegistry,
      samples as unknown as MetricSamplesRepository,
      liveStore as unknown as LiveStore,
      activity as unknown as ActivityService,
      config,
    );
    activity.trimStale.mockResolvedValue(3);
    const run = await mixed.runOnce(Date.parse('2026-06-01T13:07:05Z'));
    expect(run).toEqual({ ran: true, recorded: 2, trimmed: 3, deleted: 0 });
    expect(samples.upsert).toHaveBeenCalledWith([sample, other]);
  });

  it('trims the live sets even when the database refuses the samples', async () => {
    samples.upsert.mockRejectedValue(new Error('ECONNREFUSED'));
    activity.trimStale.mockResolvedValue(5);
    const nowMs = Date.parse('2026-06-01T13:07:05Z');
    await expect(sampler.runOnce(nowMs)).rejects.toThrow('ECONNREFUSED');
    expect(activity.trimStale).toHaveBeenCalledWith(nowMs);
  });
});
