import { ProjectsModule } from '@app/projects';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SensorTypeCountEntity } from './entities/sensor-type-count.entity';
import { SensorEntity } from './entities/sensor.entity';
import { HeartbeatStore } from './heartbeat.store';
import { SensorHeartbeatService } from './sensor-heartbeat.service';
import { SensorTypeBreakdownService } from './sensor-type-breakdown.service';
import { SensorsController } from './sensors.controller';
import { SensorsRepository } from './sensors.repository';
import { SensorsMetricSource } from './sensors-metric.source';
import { SensorsService } from './sensors.service';
import { sensorsConfig } from './sensors.config';

@Module({
  imports: [
    ConfigModule.forFeature(sensorsConfig),
    TypeOrmModule.forFeature([SensorEntity, SensorTypeCountEntity]),
    ProjectsModule,
  ],
  controllers: [SensorsController],
  providers: [
    SensorsRepository,
    HeartbeatStore,
    SensorsService,
    SensorTypeBreakdownService,
    SensorHeartbeatService,
    SensorsMetricSource,
  ],
  exports: [HeartbeatStore, SensorsService, SensorTypeBreakdownService, SensorHeartbeatService],
})
export class SensorsModule {}
