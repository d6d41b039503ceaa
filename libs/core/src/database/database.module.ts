import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseConfig, DatabaseConfig } from '../config/database.config';
import { connectAtStart } from './connect-at-start';
import { DatabaseDeadline } from './database-deadline';
import { ReplicaReads } from './replica-reads';
import { buildDataSourceOptions } from './typeorm-options';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (config: DatabaseConfig) => ({
        ...buildDataSourceOptions(config),
        autoLoadEntities: true,
        // The retries are connectAtStart's: TypeOrmModule's own would log an error line with a stack for each.
        toRetry: () => false,
      }),
      // A database that is down at start is retried a few times, then the process exits (with one line
      // naming the server and what to do) and is restarted.
      dataSourceFactory: (options) => {
        const logger = new Logger('Database');
        return connectAtStart(options!, (attempt) => new DataSource(attempt).initialize(), undefined, {
          attemptFailed: (error, attempt) =>
            logger.debug({ err: error, attempt, msg: `connection attempt ${attempt} failed` }),
        });
      },
    }),
  ],
  providers: [ReplicaReads, DatabaseDeadline],
  exports: [ReplicaReads],
})
export class DatabaseModule {}
