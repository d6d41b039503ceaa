import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig, DatabaseConfig } from '../config/database.config';
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
        // A database that is down at boot is retried a few times, then the process exits and is restarted.
        retryAttempts: 5,
        retryDelay: 2_000,
      }),
    }),
  ],
  providers: [ReplicaReads, DatabaseDeadline],
  exports: [ReplicaReads],
})
export class DatabaseModule {}
