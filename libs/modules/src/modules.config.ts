import { Env, readInt } from '@app/core';
import { ConfigType, registerAs } from '@nestjs/config';

/** How long the module list is cached. */
export function parseModulesConfig(env: Env) {
  return {
    modulesTtlMs: readInt(env, 'MODULES_TTL', 60, 0, 86_400) * 1000,
  };
}

export const modulesConfig = registerAs('modules', () => parseModulesConfig(process.env));
export type ModulesConfig = ConfigType<typeof modulesConfig>;
