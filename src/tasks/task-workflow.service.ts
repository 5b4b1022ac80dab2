import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/access.js';
import { TaskAccessService } from '../auth/task-access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Clock } from '../clock/clock.js';
import { DomainError, notFound } from '../common/errors.js';
import { EvidenceService } from '../evidence/evidence.service.js';
import { Org } from '../people/org.entity.js';
import { Person } from '../people/person.entity.js';
import { addMonths, endOfDay, localDay } from '../schedule/index.js';
import { AppConfig } from '../config/app-config.js';
import { ExtensionRequest } from './extension-request.entity.js';
import { Task } from './task.entity.js';
import { transition, type WorkflowAction, type WorkflowTask } from './workflow.js';

/** Thin: loads, asks workflow.ts, saves the change and its audit event in one transaction. */
@Injectable()
export class TaskWorkflowService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly access: TaskAccessService,
    private readonly evidence: EvidenceService,
  ) {}

  async submit(actor: Actor, taskId: number, comment?: string): Promise<Task> {
    const { task, item } = await this.access.require(actor, taskId, 'read');
    const missing = (await this.evidence.missingFor(task, item)).map(({ kind, min, count }) => ({ kind, min, count }));
    return this.apply(actor, taskId, { type: 'submit', missing }, comment, missing.length ? { missing } : undefined);
  }
  accept(actor: Actor, taskId: number, comment?: string): Promise<Task> {
    return this.apply(actor, taskId, { type: 'accept', comment }, comment);
  }
  returnTask(actor: Actor, taskId: number, comment: string): Promise<Task> {
    return this.apply(actor, taskId, { type: 'return', comment }, comment);
  }
  cancel(actor: Actor, taskId: number, reason: string): Promise<Task> {
    return this.apply(actor, taskId, { type: 'cancel', reason }, reason);
  }
  allowPartial(actor: Actor, taskId: number, allow: boolean, reason?: string): Promise<Task> {
    return this.apply(actor, taskId, { type: 'allow_partial', allow }, reason);
  }

  async requestExtension(actor: Actor, taskId: number, dto: { newDueDay: string; reason: string; progress: string }): Promise<ExtensionRequest> {
    const { task, scope } = await this.access.require(actor, taskId, 'read');
    const pending = await this.db.getRepository(ExtensionRequest).existsBy({ taskId, status: 'pending' });
    const maxDueDay = await this.maxDueDay(task);
    const outcome = transition({ ...task, ...scope }, { type: 'request_extension', newDueDay: dto.newDueDay, pending, maxDueDay }, actor, this.clock.now());
    if (!outcome.ok) throw outcome.error;
    return this.db.transaction(async (m) => {
      const req = await m.getRepository(ExtensionRequest).save(
        m.getRepository(ExtensionRequest).create({
          orgId: task.orgId,
          taskId,
          requestedBy: actor.id,
          reason: dto.reason,
          progress: dto.progress,
          requestedDueDay: dto.newDueDay,
          previousDueDay: task.dueDay,
          status: 'pending',
          decidedBy: null,
          approvedDueDay: null,
          decisionComment: null,
          createdAt: this.clock.now(),
          decidedAt: null,
        }),
      );
      await this.record(m, actor, task, outcome.transition.action, task.status, task.status, dto.reason, {
        extensionId: req.id,
        newDueDay: dto.newDueDay,
        progress: dto.progress,
      });
      return req;
    });
  }

  async decideExtension(actor: Actor, requestId: number, approve: boolean, dto: { dueDay?: string; comment?: string }): Promise<ExtensionRequest> {
    const req = await this.db.getRepository(ExtensionRequest).findOneBy({ id: requestId });
    if (!req) throw notFound('延期申请', requestId);
    const { task, scope } = await this.access.require(actor, req.taskId, 'read');
    const tz = (await this.db.getRepository(Org).findOneBy({ id: task.orgId }))?.timeZone ?? 'Asia/Shanghai';
    const newDueDay = approve ? (dto.dueDay ?? req.requestedDueDay) : undefined;
    const now = this.clock.now();
    const maxDueDay = await this.maxDueDay(task, tz);
    const outcome = transition(
      { ...task, ...scope },
      { type: 'decide_extension', request: req, approve, newDueDay, newDueAt: newDueDay ? endOfDay(newDueDay, tz) : undefined, maxDueDay },
      actor,
      now,
    );
    if (!outcome.ok) throw outcome.error;
    const t = outcome.transition;
    return this.db.transaction(async (m) => {
      Object.assign(req, {
        status: approve ? 'approved' : 'denied',
        decidedBy: actor.id,
        approvedDueDay: newDueDay ?? null,
        decisionComment: dto.comment ?? null,
        decidedAt: now,
      });
      await m.getRepository(ExtensionRequest).save(req);
      if (Object.keys(t.changes).length) await m.getRepository(Task).update({ id: task.id }, { ...t.changes, updatedAt: now });
      await this.record(m, actor, task, t.action, t.from, t.to, dto.comment ?? null, {
        extensionId: req.id,
        requestedDueDay: req.requestedDueDay,
        ...(newDueDay ? { previousDueDay: task.dueDay, newDueDay } : {}),
      });
      return req;
    });
  }

  /** The latest due day extensions may reach: the original due day plus `tasks.maxExtensionMonths`. */
  private async maxDueDay(task: Task, zone?: string): Promise<string | null> {
    const months = this.config.tasks.maxExtensionMonths;
    if (!months) return null;
    const tz = zone ?? (await this.db.getRepository(Org).findOneBy({ id: task.orgId }))?.timeZone ?? this.config.timeZone;
    return addMonths(localDay(task.originalDueAt ?? task.dueAt, tz), months);
  }

  async extensions(actor: Actor, taskId: number): Promise<ExtensionRequest[]> {
    await this.access.require(actor, taskId, 'read');
    return this.db.getRepository(ExtensionRequest).find({ where: { taskId }, order: { id: 'ASC' } });
  }

  /** Every event of the task, with who (name) and when. */
  async history(actor: Actor, taskId: number): Promise<Array<AuditEvent & { actorName: string | null }>> {
    await this.access.require(actor, taskId, 'read');
    const events = await this.audit.taskHistory(taskId);
    const ids = [...new Set(events.map((e) => e.actorId).filter((x): x is number => x != null))];
    const names = new Map(
      (ids.length ? await this.db.getRepository(Person).find({ where: { id: In(ids) }, select: { id: true, name: true } }) : []).map((p) => [p.id, p.name]),
    );
    return events.map((e) => ({ ...e, actorName: e.actorId == null ? '系统' : (names.get(e.actorId) ?? null) }));
  }

  private async apply(actor: Actor, taskId: number, action: WorkflowAction, reason?: string | null, data?: Record<string, unknown>): Promise<Task> {
    const now = this.clock.now();
    const { task, scope } = await this.access.load(taskId);
    return this.db.transaction(async (m) => {
      const outcome = transition({ ...task, ...scope } as WorkflowTask, action, actor, now);
      if (!outcome.ok) throw outcome.error;
      const t = outcome.transition;
      // Guarded on the status read, so two reviewers clicking at once cannot both win.
      const res = await m
        .getRepository(Task)
        .createQueryBuilder()
        .update(Task)
        .set({ ...t.changes, updatedAt: now })
        .where('id = :id AND status = :s', { id: taskId, s: task.status })
        .execute();
      if (!res.affected) throw new DomainError(409, 'CONCURRENT_CHANGE', '任务刚被他人修改，请刷新后重试');
      await this.record(m, actor, task, t.action, t.from, t.to, reason ?? null, {
        ...data,
        ...(t.changes.onTime !== undefined ? { onTime: t.changes.onTime } : {}),
      });
      return (await m.getRepository(Task).findOneBy({ id: taskId }))!;
    });
  }

  private record(
    m: EntityManager,
    actor: Actor,
    task: Task,
    action: string,
    from: string,
    to: string,
    reason: string | null,
    data?: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      [
        {
          entityType: 'task',
          entityId: task.id,
          taskId: task.id,
          orgId: task.orgId,
          action,
          actorId: actor.id,
          fromStatus: from,
          toStatus: to,
          reason,
          data: data && Object.keys(data).length ? data : null,
        },
      ],
      m,
    );
  }
}
