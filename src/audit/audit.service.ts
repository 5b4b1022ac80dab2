import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { Clock } from '../clock/clock.js';
import { AuditEvent } from './audit-event.entity.js';

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
    const rows = events.map((e) => ({
      orgId: null, taskId: null, actorId: null, fromStatus: null, toStatus: null, reason: null, data: null, ...e, at,
    }));
    for (let i = 0; i < rows.length; i += 2000) {
      await manager.createQueryBuilder().insert().into(AuditEvent).values(rows.slice(i, i + 2000) as QueryDeepPartialEntity<AuditEvent>[]).updateEntity(false).execute();
    }
  }

  history(entityType: string, entityId: number): Promise<AuditEvent[]> {
    return this.dataSource.getRepository(AuditEvent).find({ where: { entityType, entityId }, order: { at: 'ASC', id: 'ASC' } });
  }

  taskHistory(taskId: number): Promise<AuditEvent[]> {
    return this.dataSource.getRepository(AuditEvent).find({ where: { taskId }, order: { at: 'ASC', id: 'ASC' } });
  }
}
