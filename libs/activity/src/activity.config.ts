import { ConfigError, Env, readInt, readList } from '@app/core';
import { ConfigType, registerAs } from '@nestjs/config';

/** The platforms users are counted on, and how long a user stays active after their last event. */
export function parseActivityConfig(env: Env) {
  const platforms = readList(env, 'ACTIVE_USER_PLATFORMS', ['web', 'mobile-app1', 'mobile-app2']);
  const badPlatform = platforms.find((platform) => !/^[a-z0-9][a-z0-9_-]{0,31}$/.test(platform));
  if (platforms.length === 0 || badPlatform !== undefined) {
    throw new ConfigError(
      `ACTIVE_USER_PLATFORMS must be comma-separated names of lowercase letters, digits, - and _, got "${badPlatform ?? ''}"`,
    );
  }
  return {
    platforms,
    activeUserWindowMs: readInt(env, 'ACTIVE_USER_WINDOW', 300, 10, 86_400) * 1000,
  };
}

export const activityConfig = registerAs('activity', () => parseActivityConfig(process.env));
export type ActivityConfig = ConfigType<typeof activityConfig>;
