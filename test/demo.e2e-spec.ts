import { DemoTrafficService } from '@app/demo';
import { ProjectEntity } from '@app/projects/entities';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND } from './support/backends';
import { createTestApp } from './support/test-app';

describe('zero-setup start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ra-demo-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { DEMO_SEED: 'true', DEMO_TRAFFIC: 'true', DATA_DIR: dataDir };

  if (BACKEND === 'embedded') {
    it('seeds an empty embedded database once, and the numbers move at once', async () => {
      const first = await createTestApp({ env });
      const startedMinute = Math.floor(Date.now() / 60_000) * 60_000;
      try {
        expect(first.app.get(DemoTrafficService)).toBeInstanceOf(DemoTrafficService);
        expect(await first.dataSource.getRepository(ProjectEntity).count()).toBe(200);
        const summary = (await first.http().get('/api/v1/metrics/summary')).body;
        expect(summary.activeUsers).toBeGreaterThan(0);
        expect(summary.totalLiveProjects).toBeGreaterThan(0);
        expect(summary.sensorsOnline).toBeGreaterThan(0);
        const history = (await first.http().get('/api/v1/metrics/history?type=activeUsers&interval=1h')).body;
        expect(
          history.points.filter((point: { value: number | null }) => point.value !== null).length,
        ).toBeGreaterThan(24);

        // The history runs up to now and meets the live numbers: no cliff between the chart and the tiles.
        for (const [type, lastWithin] of [
          ['activeUsers', 0.03],
          ['sensorsOnline', 0.04],
        ] as const) {
          const minutes = (await first.http().get(`/api/v1/metrics/history?type=${type}&interval=1m`))
            .body as {
            points: { timestamp: string; value: number | null }[];
          };
          // No gap where the seed ends and the service's own minutes begin, the minute it started in
          // included (later ones may still be due).
          const upToStart = minutes.points.filter((point) => Date.parse(point.timestamp) <= startedMinute);
          expect(upToStart.slice(-10).filter((point) => point.value === null)).toEqual([]);
          const recorded = minutes.points.filter((point) => point.value !== null);
          const last = recorded[recorded.length - 1];
          expect(Date.now() - Date.parse(last.timestamp)).toBeLessThan(3 * 60_000);
          const tile = summary[type] as number;
          expect({ type, off: Math.abs(last.value! - tile) / tile <= lastWithin }).toEqual({
            type,
            off: true,
          });
          for (const point of recorded.slice(-10)) {
            expect({ type, point, off: Math.abs(point.value! - tile) / tile <= 0.08 }).toEqual({
              type,
              point,
              off: true,
            });
          }
        }
      } finally {
        await first.close();
      }
      // A second start on the same file reuses it: nothing is seeded twice.
      const second = await createTestApp({ env });
      try {
        expect(await second.dataSource.getRepository(ProjectEntity).count()).toBe(200);
        expect((await second.http().get('/api/v1/metrics/summary')).body.activeUsers).toBeGreaterThan(0);
      } finally {
        await second.close();
      }
    });
  } else {
    it('never seeds a MySQL database, even when asked to', async () => {
      const ctx = await createTestApp({ env });
      try {
        expect(ctx.app.get(DemoTrafficService)).toBeInstanceOf(DemoTrafficService);
        expect(await ctx.dataSource.getRepository(ProjectEntity).count()).toBe(0);
      } finally {
        await ctx.close();
      }
    });
  }
});
