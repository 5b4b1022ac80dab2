import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { PlannerStatsService } from './planner-stats.service.js';
import { TaskWorkflowService } from './task-workflow.service.js';
import { ExtensionsController, TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';
import {
  BoardController,
  BurdenController,
  OverdueController,
  PendingExtensionsController,
  ReviewQueueController,
  SchedulePreviewController,
} from './task-views.controller.js';
import { TaskViewsService } from './task-views.service.js';

@Module({
  imports: [EvidenceModule],
  controllers: [
    TasksController,
    ExtensionsController,
    ReviewQueueController,
    PendingExtensionsController,
    BoardController,
    OverdueController,
    BurdenController,
    SchedulePreviewController,
  ],
  providers: [TasksService, TaskWorkflowService, TaskViewsService, PlannerStatsService],
  exports: [TasksService],
})
export class TasksModule {}
