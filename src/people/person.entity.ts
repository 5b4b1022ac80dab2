import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, JsonColumn } from '../database/columns.js';

export const ROLES = ['admin', 'presidium', 'unit_head', 'staff'] as const;
export type Role = (typeof ROLES)[number];

@Entity('person')
@Index('idx_person_org', ['orgId'])
@Index('idx_person_unit', ['unitId'])
export class Person {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'org_id' }) orgId: number;
  @Column({ type: 'integer', name: 'unit_id', nullable: true }) unitId: number | null;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @JsonColumn() roles: Role[];
  @Column({ type: 'varchar', length: 200, nullable: true, unique: true }) email: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) phone: string | null;
  @Column({ type: 'varchar', length: 500, name: 'webhook_url', nullable: true }) webhookUrl: string | null;
  /** 企业微信 member id (userid), for channel wecom-app. */
  @Column({ type: 'varchar', length: 64, name: 'wecom_user_id', nullable: true }) wecomUserId: string | null;
  /** 钉钉 member id (userid), for channel dingtalk-app. */
  @Column({ type: 'varchar', length: 64, name: 'dingtalk_user_id', nullable: true }) dingtalkUserId: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  /** email | wecom | dingtalk (group robots) | wecom-app | dingtalk-app (personal) | webhook | log; null = email if any, else webhook, else log (notifications/). */
  @Column({ type: 'varchar', length: 16, name: 'notify_channel', nullable: true }) notifyChannel: string | null;
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
}
