import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/access.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { BoardCellQuery, BoardQuery, BurdenQuery, PageQuery, PlanUnitPageQuery, SchedulePreviewDto } from './dto/views.dto.js';
import { TaskViewsService } from './task-views.service.js';

// The read models of the web pages. Every route answers only with what the caller may see
// (src/auth/access.ts, applied in the SQL); shapes in the README's "Views for the web app".

@ApiTags('review')
@ApiBearerAuth()
@Controller('review-queue')
export class ReviewQueueController {
  constructor(private readonly views: TaskViewsService) {}
  @Get()
  @ApiOperation({ summary: '待审核：本人可审核的已提交任务，按提交时间先后排列（主席团：本组织；单位负责人：本单位；不含本人负责的任务）' })
  list(@CurrentActor() actor: Actor, @Query() q: PlanUnitPageQuery) {
    return this.views.reviewQueue(actor, q);
  }
}

@ApiTags('review')
@ApiBearerAuth()
@Controller('extensions')
export class PendingExtensionsController {
  constructor(private readonly views: TaskViewsService) {}
  @Get('pending')
  @ApiOperation({ summary: '待审批的延期申请：本人可审批的任务上的申请，按申请时间先后排列' })
  pending(@CurrentActor() actor: Actor, @Query() q: PageQuery) {
    return this.views.pendingExtensions(actor, q);
  }
}

@ApiTags('board')
@ApiBearerAuth()
@Controller('board')
export class BoardController {
  constructor(private readonly views: TaskViewsService) {}
  @Get()
  @ApiOperation({ summary: '督查看板：按责任单位 × 截止月份统计红黄绿灯任务数（可按计划、单位、灯色筛选）' })
  board(@CurrentActor() actor: Actor, @Query() q: BoardQuery) {
    return this.views.board(actor, q);
  }
  @Get('tasks')
  @ApiOperation({ summary: '看板单元格的任务清单：某单位某月（可再按灯色、计划筛选）' })
  cell(@CurrentActor() actor: Actor, @Query() q: BoardCellQuery) {
    return this.views.boardTasks(actor, q);
  }
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('overdue')
export class OverdueController {
  constructor(private readonly views: TaskViewsService) {}
  @Get()
  @ApiOperation({ summary: '逾期清单：逾期天数、督办级别、责任人、责任单位、缺少的佐证材料，逾期最久的在前' })
  list(@CurrentActor() actor: Actor, @Query() q: PlanUnitPageQuery) {
    return this.views.overdue(actor, q);
  }
}

@ApiTags('burden')
@ApiBearerAuth()
@Controller('burden')
export class BurdenController {
  constructor(private readonly views: TaskViewsService) {}
  @Get()
  @ApiOperation({ summary: '减负视图（管理员、主席团）：每人每月的到期任务数、要求上传的材料数、收到的消息数；固定顺序，不排名' })
  burden(@CurrentActor() actor: Actor, @Query() q: BurdenQuery) {
    return this.views.burden(actor, q);
  }
}

@ApiTags('plans')
@ApiBearerAuth()
@Controller('schedule')
export class SchedulePreviewController {
  constructor(private readonly views: TaskViewsService) {}
  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: '时间表述预览：{text, year} → 解析结果与生成的时间节点；无法识别时返回 422 和中文原因' })
  preview(@CurrentActor() actor: Actor, @Body() dto: SchedulePreviewDto) {
    return this.views.previewSchedule(actor, dto.text, dto.year);
  }
}
