import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PeopleModule } from '../people/people.module.js';
import { PolicyController } from './policy.controller.js';
import { SupervisionService } from './supervision.service.js';
import { SweepRepository } from './sweep.repository.js';
import { TaskNotifySubscriber } from './task-notify.subscriber.js';

/** Sweep, policy and the task-change subscriber. The tick (SchedulerService) is added by AppModule when scheduling is on. */
@Module({
  imports: [NotificationsModule, PeopleModule],
  controllers: [PolicyController],
  providers: [SupervisionService, SweepRepository, TaskNotifySubscriber],
  exports: [SupervisionService, NotificationsModule],
})
export class SupervisionModule {}
