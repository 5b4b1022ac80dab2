import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../database/columns.js';

export type ExtensionStatus = 'pending' | 'approved' | 'denied';

/** 延期申请: asked before the due date with reason, new date and progress; the approver sets the date. */
@Entity('extension_request')
@Index('idx_extension_task', ['taskId', 'status'])
@Index('idx_extension_org_status', ['orgId', 'status', 'createdAt'])
export class ExtensionRequest {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'org_id' }) orgId: number;
  @Column({ type: 'integer', name: 'task_id' }) taskId: number;
  @Column({ type: 'integer', name: 'requested_by', nullable: true }) requestedBy: number | null;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'text' }) progress: string;
  @Column({ type: 'varchar', length: 10, name: 'requested_due_day' }) requestedDueDay: string;
  @Column({ type: 'varchar', length: 10, name: 'previous_due_day' }) previousDueDay: string;
  @Column({ type: 'varchar', length: 16 }) status: ExtensionStatus;
  @Column({ type: 'integer', name: 'decided_by', nullable: true }) decidedBy: number | null;
  @Column({ type: 'varchar', length: 10, name: 'approved_due_day', nullable: true }) approvedDueDay: string | null;
  @Column({ type: 'text', name: 'decision_comment', nullable: true }) decisionComment: string | null;
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
  @InstantColumn({ name: 'decided_at', nullable: true }) decidedAt: Date | null;
}
