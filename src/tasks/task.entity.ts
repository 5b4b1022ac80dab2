import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../database/columns.js';

export const TASK_STATUSES = ['scheduled', 'open', 'submitted', 'returned', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Statuses in which a task can still become overdue. */
export const UNFINISHED_STATUSES: TaskStatus[] = ['scheduled', 'open', 'returned'];

/**
 * 时间节点: one dated occurrence of an item. Overdue is derived (now > dueAt and unfinished),
 * never stored; escalation level is stored so each step is taken once.
 * owner/unit/org are copied from the item so the hot queries ("mine", "overdue by unit") need no join.
 */
@Entity('task')
@Index('uq_task_item_period', ['itemId', 'periodKey'], { unique: true })
@Index('idx_task_owner_status_due', ['ownerId', 'status', 'dueAt'])
@Index('idx_task_unit_status_due', ['unitId', 'status', 'dueAt'])
@Index('idx_task_status_due', ['status', 'dueAt'])
@Index('idx_task_plan', ['planId'])
@Index('idx_task_org_due', ['orgId', 'dueAt'])
// Shaped like the routes' queries (migration 1733299200000): org first, then what the route pins, then the order.
@Index('idx_task_org_owner_due', ['orgId', 'ownerId', 'dueAt'])
@Index('idx_task_org_unit_due', ['orgId', 'unitId', 'dueAt'])
@Index('idx_task_org_status_submitted', ['orgId', 'status', 'submittedAt'])
@Index('idx_task_org_dueday_board', ['orgId', 'dueDay', 'unitId', 'status', 'dueAt'])
@Index('idx_task_item', ['itemId', 'dueAt'])
export class Task {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'org_id' }) orgId: number;
  @Column({ type: 'integer', name: 'plan_id' }) planId: number;
  @Column({ type: 'integer', name: 'item_id' }) itemId: number;
  @Column({ type: 'varchar', length: 32, name: 'period_key' }) periodKey: string;
  @Column({ type: 'varchar', length: 100 }) label: string;
  @Column({ type: 'varchar', length: 10, name: 'start_day' }) startDay: string;
  @Column({ type: 'varchar', length: 10, name: 'due_day' }) dueDay: string;
  @InstantColumn({ name: 'window_start' }) windowStart: Date;
  @InstantColumn({ name: 'due_at' }) dueAt: Date;
  @Column({ type: 'varchar', length: 16 }) status: TaskStatus;
  @Column({ type: 'integer', name: 'owner_id', nullable: true }) ownerId: number | null;
  @Column({ type: 'integer', name: 'unit_id', nullable: true }) unitId: number | null;
  @Column({ type: 'integer', name: 'escalation_level', default: 0 }) escalationLevel: number;
  @InstantColumn({ name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  @InstantColumn({ name: 'done_at', nullable: true }) doneAt: Date | null;
  /** Set when done: submitted before the due instant (逾期完成 when false). */
  @Column({ type: 'boolean', name: 'on_time', nullable: true }) onTime: boolean | null;
  @Column({ type: 'integer', name: 'return_count', default: 0 }) returnCount: number;
  /** The due instant before any approved extension; null when never extended. */
  @InstantColumn({ name: 'original_due_at', nullable: true }) originalDueAt: Date | null;
  /** A reviewer allowed this task to be submitted with evidence requirements unmet. */
  @Column({ type: 'boolean', name: 'allow_partial', default: false }) allowPartial: boolean;
  /** Activation grace (issue #12): the chase counts from this local day (YYYY-MM-DD) instead of the due day. */
  @Column({ type: 'varchar', length: 10, name: 'grace_until_day', nullable: true }) graceUntilDay: string | null;
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
  @InstantColumn({ name: 'updated_at' }) updatedAt: Date;
  /** Epoch ms at which the supervision sweep looks at the task next: 0 = now (new or changed), null = never. Maintained by supervision/. */
  @Column({
    type: 'bigint',
    name: 'next_notify_at',
    nullable: true,
    default: 0,
    transformer: { to: (v: number | null | undefined) => v, from: (v: string | number | null) => (v == null ? null : Number(v)) },
  })
  nextNotifyAt: number | null;
}
