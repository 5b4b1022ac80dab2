import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../database/columns.js';

/** 责任单位: a unit inside an org; its head is the first step of escalation. */
@Entity('unit')
@Index('idx_unit_org', ['orgId'])
export class Unit {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'org_id' }) orgId: number;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'integer', name: 'head_id', nullable: true }) headId: number | null;
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
}
