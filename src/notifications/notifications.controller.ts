import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { hasRole, type Actor } from '../auth/access.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { forbidden } from '../common/errors.js';
import { IdPipe } from '../common/id.pipe.js';
import { DeliveryService } from './delivery.service.js';
import { LedgerListService } from './ledger-list.service.js';
import { MESSAGE_STATUSES, type MessageStatus } from './notification.entity.js';

export class ListNotificationsQuery {
  @IsOptional() @IsIn(MESSAGE_STATUSES) status?: MessageStatus;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

function requireSupervisor(actor: Actor): void {
  if (!hasRole(actor, 'presidium', 'admin')) throw forbidden('只有主席团成员或管理员可以查看和重发通知');
}

/** The notification ledger: failed messages are listed here and can be retried (presidium/admin). */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly ledger: LedgerListService,
  ) {}

  /** The caller's org's messages only, filtered in the query (totals and pages are the org's). */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ListNotificationsQuery) {
    requireSupervisor(actor);
    return this.ledger.list(actor.orgId, q.status, q.page ?? 1, q.pageSize ?? 50);
  }

  @Post(':id/retry')
  @HttpCode(200)
  async retry(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    requireSupervisor(actor);
    return this.delivery.retry(id, actor.orgId);
  }
}
