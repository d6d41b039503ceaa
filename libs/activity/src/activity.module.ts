import { Module } from '@nestjs/common';
import { ActivityController } from './activity.controller';
import { ActivityMetricSource } from './activity-metric.source';
import { ActivityService } from './activity.service';
import { ActiveUsersStore } from './active-users.store';

@Module({
  controllers: [ActivityController],
  providers: [ActiveUsersStore, ActivityService, ActivityMetricSource],
  exports: [ActivityService, ActiveUsersStore],
})
export class ActivityModule {}
