import { ActivityModule } from '@app/activity';
import { MetricsModule } from '@app/metrics';
import { ProjectsModule } from '@app/projects';
import { SensorsModule } from '@app/sensors';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { demoConfig } from './demo.config';
import { DemoSeedOnStartService } from './demo-seed-on-start.service';
import { DemoSensorIds } from './demo-sensor-ids';
import { DemoTrafficService } from './demo-traffic.service';

@Module({
  imports: [
    ConfigModule.forFeature(demoConfig),
    ProjectsModule,
    SensorsModule,
    ActivityModule,
    MetricsModule,
  ],
  providers: [DemoSeedOnStartService, DemoTrafficService, DemoSensorIds],
  exports: [DemoTrafficService],
})
export class DemoModule {}
