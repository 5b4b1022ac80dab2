import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, JsonColumn } from '../database/columns.js';

export const ITEM_STATUSES = ['pending', 'sent', 'skipped', 'failed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const MESSAGE_STATUSES = ['pending', 'sent', 'skipped', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export const CHANNELS = ['email', 'wecom', 'dingtalk', 'wecom-app', 'dingtalk-app', 'webhook', 'log'] as const;
export type Channel = (typeof CHANNELS)[number];
export type MessageKind = 'digest' | 'presidium-daily';

/**
 * The notification ledger: one row per (task, stage, due day, recipient), under a unique key, so
 * a stage is recorded once however often or on however many instances the sweep runs. Rows are
 * grouped into a message (one per person per run) that is what actually gets delivered.
 */
@Entity('notification')
@Index('uq_notification_key', ['key'], { unique: true })
@Index('idx_notification_open', ['status', 'messageId', 'recipientId'])
@Index('idx_notification_message', ['messageId'])
@Index('idx_notification_task', ['taskId', 'stage'])
export class Notification {
  @PrimaryGeneratedColumn() id: number;
  /** `<taskId>:<stage>:<dueDay basis ms>:<recipientId>` */
  @Column({ type: 'varchar', length: 200 }) key: string;
  @Column({ type: 'integer', name: 'org_id' }) orgId: number;
  @Column({ type: 'integer', name: 'task_id' }) taskId: number;
  @Column({ type: 'varchar', length: 32 }) stage: string;
  /** The task's dueAt the stage was computed against: an extension makes these rows stale. */
  @InstantColumn({ name: 'due_basis' }) dueBasis: Date;
  @Column({ type: 'integer', name: 'recipient_id' }) recipientId: number;
  @Column({ type: 'varchar', length: 16 }) role: string;
  @Column({ type: 'integer', default: 0 }) level: number;
  /** When the stage became due. */
  @InstantColumn({ name: 'due_at' }) dueAt: Date;
  @Column({ type: 'varchar', length: 16 }) status: ItemStatus;
  @Column({ type: 'varchar', length: 200, nullable: true }) reason: string | null;
  @Column({ type: 'integer', name: 'message_id', nullable: true }) messageId: number | null;
  /** Recorded while catching up after downtime (older than the catch-up horizon). */
  @Column({ type: 'boolean', name: 'catch_up', default: false }) catchUp: boolean;
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
  @InstantColumn({ name: 'updated_at' }) updatedAt: Date;
}

/** One outbound message: a person's digest of one run, or a presidium member's daily alert. */
@Entity('notification_message')
@Index('uq_notification_message_key', ['key'], { unique: true })
@Index('idx_notification_message_status', ['status', 'id'])
export class NotificationMessage {
  @PrimaryGeneratedColumn() id: number;
  /** `digest:<personId>:<run ms>` or `presidium:<personId>:<day>` */
  @Column({ type: 'varchar', length: 200 }) key: string;
  @Column({ type: 'varchar', length: 24 }) kind: MessageKind;
  @Column({ type: 'integer', name: 'org_id' }) orgId: number;
  @Column({ type: 'integer', name: 'recipient_id' }) recipientId: number;
  /** The channel it was (or will be) sent through, decided at send time. */
  @Column({ type: 'varchar', length: 16, nullable: true }) channel: Channel | null;
  @Column({ type: 'varchar', length: 16 }) status: MessageStatus;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  /** Manual retries so far: part of the delivery job id, so a retry is a new job. */
  @Column({ type: 'integer', default: 0 }) retries: number;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) subject: string | null;
  /** Kind-specific content decided when the message was made (presidium alert: task ids). */
  @JsonColumn({ nullable: true }) data: Record<string, unknown> | null;
  @InstantColumn({ name: 'sent_at', nullable: true }) sentAt: Date | null;
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
  @InstantColumn({ name: 'updated_at' }) updatedAt: Date;
}
