import { Env, readBoolean, readOptionalString } from '@app/core';
import { ConfigType, registerAs } from '@nestjs/config';

/** Demo data and demo traffic: on by default only when the service runs embedded (no DATABASE_URL). */
export function parseDemoConfig(env: Env) {
  const embeddedDatabase = readOptionalString(env, 'DATABASE_URL') === undefined;
  return {
    demoSeed: readBoolean(env, 'DEMO_SEED', embeddedDatabase),
    demoTraffic: readBoolean(env, 'DEMO_TRAFFIC', embeddedDatabase),
  };
}

export const demoConfig = registerAs('demo', () => parseDemoConfig(process.env));
export type DemoConfig = ConfigType<typeof demoConfig>;
