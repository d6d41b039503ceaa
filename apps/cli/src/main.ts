import { ConfigError } from '@app/core';
import { migrateCommand } from './migrate.command';
import { redisCheckCommand } from './redis-check.command';
import { seedCommand } from './seed.command';

const USAGE = `usage: realtime-analytics-cli <command>
  migrate                     apply pending SQL migrations to DATABASE_URL
  seed [--scale small|large]  fill the database (and the live store) with demo data; idempotent
  redis-check [--fix]         list keys of the service's names holding another type (another program's
                              data, such as the replaced Go service's counters); --fix deletes them
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      return migrateCommand();
    case 'seed':
      return seedCommand(rest);
    case 'redis-check':
      return redisCheckCommand(rest);
    default:
      process.stderr.write(USAGE);
      return 2;
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(
      error instanceof ConfigError ? `Configuration error: ${error.message}\n` : `${String(error)}\n`,
    );
    process.exit(1);
  });
