import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../database/columns.js';

/** An organisation that writes plans: a township presidium, a bureau, a school. */
@Entity('org')
export class Org {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'varchar', length: 200 }) name: string;
  /** Window math for this org's plans happens in this zone. */
  @Column({ type: 'varchar', length: 64, name: 'time_zone' }) timeZone: string;
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
}
