import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { activityConfig } from './activity.config';
import { ActivityController } from './activity.controller';
import { ActivityMetricSource } from './activity-metric.source';
import { ActivityService } from './activity.service';
import { ActiveUsersStore } from './active-users.store';

@Module({
  imports: [ConfigModule.forFeature(activityConfig)],
  controllers: [ActivityController],
  providers: [ActiveUsersStore, ActivityService, ActivityMetricSource],
  exports: [ActivityService, ActiveUsersStore],
})
export class ActivityModule {}
