/** The benchmark's options, read once from the environment and checked: a bad value stops it with one line. */
export interface BenchOptions {
  databaseUrl: string;
  redisUrl: string;
  keyPrefix: string;
  durationS: number;
  connections: number;
  rounds: number;
  sensorMinutes: number;
  /** Substrings; a step runs when its name contains one of them. Empty: everything. */
  only: string[];
  skipSeed: boolean;
  skipBuild: boolean;
  skipSettle: boolean;
}

export class OptionError extends Error {}

function readInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new OptionError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function readFlag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new OptionError(`${name} must be 1 or 0, got "${env[name]}"`);
}

function readUrl(env: NodeJS.ProcessEnv, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name]?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OptionError(`${name} must be a URL, got an unparsable value`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new OptionError(`${name} must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return raw;
}

export function readOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  return {
    databaseUrl: readUrl(env, 'BENCH_DATABASE_URL', 'mysql://root@127.0.0.1:3306/realtime_bench', [
      'mysql:',
      'mariadb:',
    ]),
    redisUrl: readUrl(env, 'BENCH_REDIS_URL', 'redis://127.0.0.1:6379/0', ['redis:']),
    keyPrefix: 'bench:',
    durationS: readInt(env, 'BENCH_DURATION', 10, 1, 120),
    connections: readInt(env, 'BENCH_CONNECTIONS', 50, 1, 500),
    rounds: readInt(env, 'BENCH_ROUNDS', 1, 1, 9),
    sensorMinutes: readInt(env, 'BENCH_SENSOR_MINUTES', 3, 1, 10),
    only: (env.BENCH_ONLY ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => part !== ''),
    skipSeed: readFlag(env, 'BENCH_SKIP_SEED'),
    skipBuild: readFlag(env, 'BENCH_SKIP_BUILD'),
    skipSettle: readFlag(env, 'BENCH_SKIP_SETTLE'),
  };
}

/** Whether a step named `name` (e.g. "reads history 1h/80d") is selected by BENCH_ONLY. */
export function selected(options: BenchOptions, name: string): boolean {
  const lowered = name.toLowerCase();
  return options.only.length === 0 || options.only.some((part) => lowered.includes(part));
}
