import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, JsonColumn } from '../database/columns.js';

/** One transition or change: who, when, from, to, why. Written for every state change. */
@Entity('audit_event')
@Index('idx_audit_entity', ['entityType', 'entityId', 'at'])
@Index('idx_audit_task', ['taskId', 'at'])
export class AuditEvent {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'org_id', nullable: true }) orgId: number | null;
  @Column({ type: 'varchar', length: 32, name: 'entity_type' }) entityType: string;
  @Column({ type: 'integer', name: 'entity_id' }) entityId: number;
  @Column({ type: 'integer', name: 'task_id', nullable: true }) taskId: number | null;
  @Column({ type: 'varchar', length: 48 }) action: string;
  /** null = the system (scheduler, activation by CLI). */
  @Column({ type: 'integer', name: 'actor_id', nullable: true }) actorId: number | null;
  @Column({ type: 'varchar', length: 16, name: 'from_status', nullable: true }) fromStatus: string | null;
  @Column({ type: 'varchar', length: 16, name: 'to_status', nullable: true }) toStatus: string | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @JsonColumn({ nullable: true }) data: Record<string, unknown> | null;
  @InstantColumn() at: Date;
}
