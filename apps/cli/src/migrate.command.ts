import { MigrationError, parseDatabaseConfig, runMigrations } from '@app/core';
import { resolve } from 'node:path';

/** `migrate`: applies pending numbered SQL files of MIGRATIONS_DIR (default ./migrations) to DATABASE_URL. */
export async function migrateCommand(): Promise<number> {
  const config = parseDatabaseConfig(process.env);
  if (config.connection.kind !== 'mysql') {
    process.stderr.write(
      'migrate needs DATABASE_URL (mysql://user:pass@host:3306/db); the embedded database creates its own schema.\n',
    );
    return 2;
  }
  const dir = resolve(process.env.MIGRATIONS_DIR ?? 'migrations');
  try {
    const result = await runMigrations(config.connection, dir);
    for (const version of result.applied) process.stdout.write(`applied ${version}\n`);
    process.stdout.write(
      result.applied.length === 0
        ? `database ${config.connection.database} is up to date (${result.skipped.length} migrations already applied)\n`
        : `applied ${result.applied.length} migration(s) to ${config.connection.database}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      error instanceof MigrationError
        ? `${error.message}\n`
        : `migration failed: ${(error as Error).message}\n`,
    );
    return 1;
  }
}
