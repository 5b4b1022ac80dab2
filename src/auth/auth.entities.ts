import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../database/columns.js';

/** A person's password, kept apart from Person so no query of people can ever return it. */
@Entity('credential')
export class Credential {
  @PrimaryColumn({ type: 'integer', name: 'person_id' }) personId: number;
  /** scrypt$N$r$p$salt$key (see auth/password.ts). */
  @Column({ type: 'varchar', length: 255, name: 'password_hash' }) passwordHash: string;
  @InstantColumn({ name: 'updated_at' }) updatedAt: Date;
}

export type TokenKind = 'session' | 'api';

/** A bearer token: a login session or a personal API token. Only its SHA-256 is stored. */
@Entity('auth_token')
@Index('uq_auth_token_hash', ['tokenHash'], { unique: true })
@Index('idx_auth_token_person', ['personId', 'kind'])
export class AuthToken {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer', name: 'person_id' }) personId: number;
  @Column({ type: 'varchar', length: 16 }) kind: TokenKind;
  @Column({ type: 'varchar', length: 100, nullable: true }) name: string | null;
  @Column({ type: 'varchar', length: 64, name: 'token_hash', select: false }) tokenHash: string;
  /** The first characters of the token, so a person can tell their tokens apart. */
  @Column({ type: 'varchar', length: 16 }) hint: string;
  @Column({ type: 'integer', name: 'created_by', nullable: true }) createdBy: number | null;
  @InstantColumn({ name: 'created_at' }) createdAt: Date;
  @InstantColumn({ name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @InstantColumn({ name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @InstantColumn({ name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
}
