import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { bulkInsert } from '../database/bulk-insert.js';
import { Clock } from '../clock/clock.js';
import { AuditEvent } from './audit-event.entity.js';

const AUDIT_COLUMNS = ['org_id', 'entity_type', 'entity_id', 'task_id', 'action', 'actor_id', 'from_status', 'to_status', 'reason', 'data', 'at'];

export type AuditInput = Omit<Partial<AuditEvent>, 'id' | 'at'> & Pick<AuditEvent, 'entityType' | 'entityId' | 'action'>;

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Writes events inside the caller's transaction when given one, so a change and its audit commit together. */
  async record(events: AuditInput[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (!events.length) return;
    const at = this.clock.now();
    const rows = events.map((e) => [
      e.orgId ?? null,
      e.entityType,
      e.entityId,
      e.taskId ?? null,
      e.action,
      e.actorId ?? null,
      e.fromStatus ?? null,
      e.toStatus ?? null,
      e.reason ?? null,
      e.data == null ? null : JSON.stringify(e.data),
      at.getTime(),
    ]);
    await bulkInsert(manager, 'audit_event', AUDIT_COLUMNS, rows);
  }

  history(entityType: string, entityId: number): Promise<AuditEvent[]> {
    return this.dataSource.getRepository(AuditEvent).find({ where: { entityType, entityId }, order: { at: 'ASC', id: 'ASC' } });
  }

  taskHistory(taskId: number): Promise<AuditEvent[]> {
    return this.dataSource.getRepository(AuditEvent).find({ where: { taskId }, order: { at: 'ASC', id: 'ASC' } });
  }
}
