import { MemoryLiveStore, RejectionCounter } from '@app/core';
import type { ActivityService } from '@app/activity';
import type { SensorHeartbeatService } from '@app/sensors';
import type { DemoSensorIds } from './demo-sensor-ids';
import { DemoTrafficService } from './demo-traffic.service';
import { parseDemoConfig } from './demo.config';

describe('DemoTrafficService', () => {
  it('sends activity on known platforms every tick and heartbeats for most sensors every 30 s', async () => {
    const recorded: Array<{ userId: string; platform: string }> = [];
    const beats: number[] = [];
    const platforms = ['web', 'ios', 'android'];
    const activity = {
      platforms,
      record: jest.fn(
        (body: { events: typeof recorded }) => (
          recorded.push(...body.events),
          Promise.resolve({ accepted: body.events.length, rejected: [] })
        ),
      ),
    };
    const heartbeats = {
      record: jest.fn(
        (ids: number[]) => (beats.push(...ids), Promise.resolve({ accepted: ids.length, unknown: [] })),
      ),
    };
    const sensors = {
      first: jest.fn(() => Promise.resolve(Array.from({ length: 1000 }, (_, i) => i + 1))),
    };
    const config = parseDemoConfig({});
    const service = new DemoTrafficService(
      activity as unknown as ActivityService,
      heartbeats as unknown as SensorHeartbeatService,
      sensors as unknown as DemoSensorIds,
      new RejectionCounter(new MemoryLiveStore()),
      config,
    );
    const now = Date.parse('2026-11-27T15:00:00Z');
    await service.tick(now);
    expect(recorded.length).toBeGreaterThan(0);
    expect(
      recorded.every((event) => platforms.includes(event.platform) && /^demo-user-\d+$/.test(event.userId)),
    ).toBe(true);
    expect(beats.length).toBeGreaterThan(700);
    expect(beats.length).toBeLessThan(1000);
    expect(new Set(beats).size).toBe(beats.length);

    beats.length = 0;
    for (let i = 0; i < 14; i++) await service.tick(now + (i + 1) * 2000);
    expect(beats).toHaveLength(0); // the next heartbeat round is 30 s after the first
    expect(sensors.first).toHaveBeenCalledTimes(1);
  });
});
