import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { TaskWorkflowService } from './task-workflow.service.js';
import { ExtensionsController, TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

@Module({
  imports: [EvidenceModule],
  controllers: [TasksController, ExtensionsController],
  providers: [TasksService, TaskWorkflowService],
  exports: [TasksService],
})
export class TasksModule {}
