import { ActivityModule } from '@app/activity';
import { SensorsModule } from '@app/sensors';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { demoConfig } from './demo.config';
import { DemoSeedOnStartService } from './demo-seed-on-start.service';
import { DemoSensorIds } from './demo-sensor-ids';
import { DemoTrafficService } from './demo-traffic.service';

@Module({
  imports: [ConfigModule.forFeature(demoConfig), SensorsModule, ActivityModule],
  providers: [DemoSeedOnStartService, DemoTrafficService, DemoSensorIds],
  exports: [DemoTrafficService],
})
export class DemoModule {}
