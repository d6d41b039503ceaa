import { parseActivityConfig } from '@app/activity';
import { parseDemoConfig } from '@app/demo';
import { parseMetricsConfig } from '@app/metrics';
import { parseModulesConfig } from '@app/modules';
import { parseSensorsConfig } from '@app/sensors';
import { validateEnvironment } from './validate-environment';

describe('each feature reads its own settings', () => {
  it('has the documented defaults', () => {
    expect(parseActivityConfig({})).toEqual({
      platforms: ['web', 'mobile-app1', 'mobile-app2'],
      activeUserWindowMs: 300_000,
    });
    expect(parseSensorsConfig({})).toEqual({
      sensorOnlineWindowMs: 300_000,
      sensorLastSeenGranularityMs: 420_000,
      sensorBreakdownTtlMs: 60_000,
    });
    expect(parseModulesConfig({})).toEqual({ modulesTtlMs: 60_000 });
    expect(parseMetricsConfig({})).toEqual({
      summaryDbTtlMs: 5_000,
      historyRetentionDays: 90,
      samplerEnabled: true,
      streamIntervalMs: 5_000,
      streamMaxClients: 1_000,
      streamMaxClientsPerIp: 10,
    });
    // The demo is on by default only embedded.
    expect(parseDemoConfig({})).toEqual({ demoSeed: true, demoTraffic: true });
    expect(parseDemoConfig({ DATABASE_URL: 'mysql://h/db' })).toEqual({
      demoSeed: false,
      demoTraffic: false,
    });
  });

  it('reads what is set', () => {
    expect(parseActivityConfig({ ACTIVE_USER_PLATFORMS: 'web, ios', ACTIVE_USER_WINDOW: '60' })).toEqual({
      platforms: ['web', 'ios'],
      activeUserWindowMs: 60_000,
    });
    expect(parseSensorsConfig({ SENSOR_ONLINE_WINDOW: '120' }).sensorOnlineWindowMs).toBe(120_000);
    expect(parseModulesConfig({ MODULES_TTL: '0' }).modulesTtlMs).toBe(0);
    expect(parseMetricsConfig({ SAMPLER_ENABLED: 'off' }).samplerEnabled).toBe(false);
  });

  it.each([
    [
      { ACTIVE_USER_PLATFORMS: 'web,iOS' },
      'ACTIVE_USER_PLATFORMS must be comma-separated names of lowercase letters, digits, - and _, got "iOS"',
    ],
    [{ ACTIVE_USER_WINDOW: '5' }, 'ACTIVE_USER_WINDOW must be an integer between 10 and 86400, got "5"'],
    [
      { SENSOR_LAST_SEEN_GRANULARITY: '30' },
      'SENSOR_LAST_SEEN_GRANULARITY must be an integer between 60 and 86400, got "30"',
    ],
    [{ MODULES_TTL: '-1' }, 'MODULES_TTL must be an integer between 0 and 86400, got "-1"'],
    [
      { HISTORY_RETENTION_DAYS: '0' },
      'HISTORY_RETENTION_DAYS must be an integer between 1 and 3650, got "0"',
    ],
    [{ DEMO_TRAFFIC: 'maybe' }, 'DEMO_TRAFFIC must be true or false, got "maybe"'],
    [{ SHUTDOWN_DELAY_MS: '-5' }, 'SHUTDOWN_DELAY_MS must be an integer between 0 and 60000, got "-5"'],
  ])('stops the start on a bad feature setting with one line naming it (%#)', (env, message) => {
    expect(() => validateEnvironment(env)).toThrow(message);
  });
});
