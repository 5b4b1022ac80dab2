import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/access.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { ListTasksQuery } from './dto/tasks.dto.js';
import { AllowPartialDto, ApproveExtensionDto, CancelDto, CommentDto, DenyExtensionDto, ExtensionRequestDto, ReturnDto } from './dto/workflow.dto.js';
import { TaskWorkflowService } from './task-workflow.service.js';
import { TasksService } from './tasks.service.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly workflow: TaskWorkflowService,
  ) {}
  /** Only the tasks the caller may see (own, unit's, co-unit's; everything in the org for presidium and admins). */
  @Get()
  @ApiOperation({ summary: '任务清单：本人可见的任务（含事项名称、责任人、责任单位、红黄绿灯）；owner=me 为本人负责的任务' })
  list(@CurrentActor() actor: Actor, @Query() q: ListTasksQuery) {
    return this.tasks.list(q, actor);
  }
  /** Task detail with its audit history and evidence requirements. */
  @Get(':id')
  @ApiOperation({ summary: '任务详情：事项原文、时间、责任人与单位、佐证要求（已满足/缺少）、退回意见、延期申请、办理记录' })
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.tasks.detail(id, actor);
  }
  @Get(':id/history') history(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.workflow.history(actor, id);
  }

  @Post(':id/submit') @HttpCode(200) submit(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: CommentDto) {
    return this.workflow.submit(a, id, dto.comment);
  }
  @Post(':id/accept') @HttpCode(200) accept(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: CommentDto) {
    return this.workflow.accept(a, id, dto.comment);
  }
  @Post(':id/return') @HttpCode(200) return(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReturnDto) {
    return this.workflow.returnTask(a, id, dto.comment);
  }
  @Post(':id/cancel') @HttpCode(200) cancel(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: CancelDto) {
    return this.workflow.cancel(a, id, dto.reason);
  }
  /** Reviewer lets this task be submitted with evidence requirements unmet. */
  @Post(':id/allow-partial') @HttpCode(200) allowPartial(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: AllowPartialDto) {
    return this.workflow.allowPartial(a, id, dto.allow, dto.reason);
  }

  @Get(':id/extensions') extensions(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    return this.workflow.extensions(a, id);
  }
  @Post(':id/extensions') requestExtension(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: ExtensionRequestDto) {
    return this.workflow.requestExtension(a, id, dto);
  }
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('extensions')
export class ExtensionsController {
  constructor(private readonly workflow: TaskWorkflowService) {}
  @Post(':id/approve') @HttpCode(200) approve(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: ApproveExtensionDto) {
    return this.workflow.decideExtension(a, id, true, dto);
  }
  @Post(':id/deny') @HttpCode(200) deny(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: DenyExtensionDto) {
    return this.workflow.decideExtension(a, id, false, dto);
  }
}
