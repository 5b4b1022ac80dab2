import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/id.pipe.js';
import { ListTasksQuery } from './dto/tasks.dto.js';
import { TasksService } from './tasks.service.js';

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}
  @Get() list(@Query() q: ListTasksQuery) { return this.tasks.list(q); }
  /** Task detail with its audit history. */
  @Get(':id') get(@Param('id', IdPipe) id: number) { return this.tasks.detail(id); }
}
