import { HttpStatus, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource, IsNull, Not, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../clock/clock.js';
import { DomainError, invalidField, notFound } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { Org } from '../people/org.entity.js';
import { Person, type Role } from '../people/person.entity.js';
import { REDIS } from '../redis/redis.module.js';
import { assertAdmin, assertOrg, type Actor } from './access.js';
import { AuthToken, Credential, type TokenKind } from './auth.entities.js';
import { PrincipalCache, type Principal } from './principal-cache.js';
import { dialectOf, positional, truthy } from '../database/dialect.js';
import { retryWhileSqliteBusy } from '../database/sqlite-busy.js';
import { dummyHash, hashPassword, newToken, passwordProblem, tokenHash, verifyPassword } from './password.js';
import { LoginRateLimiter } from './rate-limit.js';

/** How long a resolved token is trusted without reading it again: a revocation made by another process takes effect within this. */
export const AUTH_CACHE_MS = 5_000;

/** A live token's row with its person and the org's zone (LEFT JOINs: a token without a person is "账户不存在"). */
const PRINCIPAL_SQL =
  'SELECT a.id AS "tokenId", a.kind AS "kind", a.expires_at AS "expiresAt", a.last_used_at AS "lastUsedAt", p.id AS "personId", ' +
  'p.org_id AS "orgId", p.unit_id AS "unitId", p.roles AS "roles", p.name AS "name", p.active AS "active", o.time_zone AS "timeZone" ' +
  'FROM auth_token a LEFT JOIN person p ON p.id = a.person_id LEFT JOIN org o ON o.id = p.org_id ' +
  'WHERE a.token_hash = :hash AND a.revoked_at IS NULL';

const unauthorized = (message: string) => new DomainError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', message);

export interface NewUser {
  email: string;
  name: string;
  roles: Role[];
  /** An org id, or a name: found by name or created. */
  orgName: string;
  password: string;
  timeZone?: string;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  private readonly limiter: LoginRateLimiter;
  /** Signed-in callers by token hash, for AUTH_CACHE_MS (principal-cache.ts: what forgets them, and the latency across processes). */
  private readonly principals = new PrincipalCache(AUTH_CACHE_MS);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) redis: Redis,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.limiter = new LoginRateLimiter(redis, config.queuePrefix, config.auth);
  }

  /**
   * First start: create the admin named by DUCHA_ADMIN_EMAIL / DUCHA_ADMIN_PASSWORD, once. Other
   * processes may be writing to a shared SQLite file meanwhile (a worker failing stalled jobs, another
   * API starting): a busy file past the busy timeout, or this read-then-write transaction losing its
   * snapshot, is tried again (one transaction, so safe), and an admin another process created wins.
   */
  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword, adminName, adminOrg } = this.config.auth;
    if (!adminEmail || !adminPassword) return;
    await retryWhileSqliteBusy(
      this.config.isPostgres,
      async () => {
        if (await this.db.getRepository(Person).existsBy({ email: adminEmail.toLowerCase() })) return;
        try {
          const person = await addUser(this.db, this.clock, {
            email: adminEmail,
            name: adminName,
            roles: ['admin'],
            orgName: adminOrg,
            password: adminPassword,
            timeZone: this.config.timeZone,
          });
          this.logger.log(`已创建管理员 ${person.email}（组织 ${person.orgId}）`);
        } catch (e) {
          if (!(e instanceof DomainError && e.code === 'EMAIL_TAKEN')) throw e; // another process created it first
        }
      },
      { attempts: 10, pauseMs: 100, onRetry: (attempt) => this.logger.warn(`创建管理员时数据库忙（第 ${attempt} 次），稍后重试`) },
    );
  }

  async login(email: string, password: string, ip: string): Promise<{ token: string; expiresAt: string; person: Person }> {
    const now = this.clock.now();
    // Reserved before the hash, atomically: parallel guesses cannot all pass a check that counts them later.
    const reservation = await this.limiter.reserve(email, ip, now);
    const person = await this.db.getRepository(Person).findOneBy({ email: email.toLowerCase() });
    const cred = person ? await this.db.getRepository(Credential).findOneBy({ personId: person.id }) : null;
    // Always one full scrypt verification (a dummy hash for unknown people), so every refusal takes as long.
    const ok = await verifyPassword(password, cred?.passwordHash ?? (await dummyHash()));
    // A disabled account is answered exactly like a wrong password: nothing tells a guesser the password was right.
    if (!person || !cred || !ok || !person.active) throw unauthorized('邮箱或密码不正确');
    await this.limiter.release(reservation);
    const { token, hash, hint } = newToken('session');
    const expiresAt = new Date(now.getTime() + this.config.auth.sessionHours * 3600_000);
    await this.db.getRepository(AuthToken).insert({
      personId: person.id,
      kind: 'session',
      name: null,
      tokenHash: hash,
      hint,
      createdBy: person.id,
      createdAt: now,
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    });
    await this.audit.record([{ entityType: 'person', entityId: person.id, orgId: person.orgId, action: 'login', actorId: person.id }]);
    return { token, expiresAt: expiresAt.toISOString(), person };
  }

  /** The caller behind a bearer token, or a 401. */
  async authenticate(token: string | undefined): Promise<Actor> {
    if (!token) throw unauthorized('请先登录：缺少令牌（Authorization: Bearer …）');
    const now = this.clock.now().getTime();
    const hash = tokenHash(token);
    let p = this.principals.get(hash, now);
    if (!p) {
      p = await this.lookup(hash);
      this.principals.set(hash, p, now);
    }
    if (p.expiresAt != null && p.expiresAt <= now) throw unauthorized('令牌无效、已过期或已撤销，请重新登录');
    if (p.kind === 'api' && (p.lastUsedAt == null || now - p.lastUsedAt > 60_000)) {
      p.lastUsedAt = now;
      await this.db.getRepository(AuthToken).update({ id: p.actor.tokenId }, { lastUsedAt: new Date(now) });
    }
    return p.actor;
  }

  /** The token's live row, its person and org, in one statement (the 401s as before: unknown or revoked token, disabled person). */
  private async lookup(hash: string): Promise<Principal> {
    const q = positional(dialectOf(this.db), PRINCIPAL_SQL, { hash });
    const [r] = (await this.db.query(q.sql, q.params)) as Array<Record<string, unknown>>;
    if (!r) throw unauthorized('令牌无效、已过期或已撤销，请重新登录');
    if (r.personId == null || !truthy(r.active)) throw unauthorized('账户不存在或已停用');
    const instant = (v: unknown) => (v == null ? null : Number(v));
    return {
      actor: {
        id: Number(r.personId),
        orgId: Number(r.orgId),
        unitId: r.unitId == null ? null : Number(r.unitId),
        roles: (typeof r.roles === 'string' ? JSON.parse(r.roles) : r.roles) as Role[],
        name: r.name as string,
        tokenId: Number(r.tokenId),
        ...(r.timeZone != null ? { timeZone: r.timeZone as string } : {}),
      },
      kind: r.kind as TokenKind,
      expiresAt: instant(r.expiresAt),
      lastUsedAt: instant(r.lastUsedAt),
    };
  }

  /** A person's sign-ins may have changed (deactivated, roles, unit, deleted): this process resolves their tokens afresh. */
  forgetPerson(personId: number): void {
    this.principals.forgetPerson(personId);
  }

  /** An org changed (its zone) or went: every cached sign-in is resolved afresh. */
  forgetAll(): void {
    this.principals.clear();
  }

  async logout(actor: Actor): Promise<void> {
    await this.db.getRepository(AuthToken).update({ id: actor.tokenId, kind: 'session' }, { revokedAt: this.clock.now() });
    this.principals.forgetToken(actor.tokenId);
  }

  /** Admin sets (or resets) a person's password: every session and API token of theirs ends (but the admin's own current one). */
  async setPassword(actor: Actor, personId: number, password: string): Promise<void> {
    const person = await this.db.getRepository(Person).findOneBy({ id: personId });
    if (!person) throw notFound('人员', personId);
    assertOrg(actor, person.orgId, { admin: true });
    const problem = passwordProblem(password);
    if (problem) throw invalidField('password', problem);
    const hash = await hashPassword(password);
    await this.db.transaction(async (m) => {
      await m.getRepository(Credential).save({ personId, passwordHash: hash, updatedAt: this.clock.now() });
      await this.revokeOthers(m, personId, actor.tokenId);
    });
    this.principals.forgetPerson(personId);
    await this.audit.record([{ entityType: 'person', entityId: personId, orgId: person.orgId, action: 'password_set', actorId: actor.id }]);
  }

  /** A new password ends every other session and API token of the person; the session in use stays. */
  async changeOwnPassword(actor: Actor, current: string, next: string): Promise<void> {
    const cred = await this.db.getRepository(Credential).findOneBy({ personId: actor.id });
    if (!cred || !(await verifyPassword(current, cred.passwordHash))) throw invalidField('currentPassword', '当前密码不正确');
    const problem = passwordProblem(next);
    if (problem) throw invalidField('newPassword', problem);
    const hash = await hashPassword(next);
    await this.db.transaction(async (m) => {
      await m.getRepository(Credential).save({ personId: actor.id, passwordHash: hash, updatedAt: this.clock.now() });
      await this.revokeOthers(m, actor.id, actor.tokenId);
    });
    this.principals.forgetPerson(actor.id);
    await this.audit.record([{ entityType: 'person', entityId: actor.id, orgId: actor.orgId, action: 'password_changed', actorId: actor.id }]);
  }

  /** A personal API token; the token itself is returned this once and never again. */
  async createApiToken(
    actor: Actor,
    personId: number,
    name: string,
    expiresInDays?: number,
  ): Promise<{ id: number; token: string; hint: string; expiresAt: string | null }> {
    const person = await this.db.getRepository(Person).findOneBy({ id: personId });
    if (!person) throw invalidField('personId', `人员不存在：${personId}`);
    assertOrg(actor, person.orgId, { admin: true });
    const now = this.clock.now();
    const { token, hash, hint } = newToken('api');
    const expiresAt = expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null;
    const saved = await this.db
      .getRepository(AuthToken)
      .save({ personId, kind: 'api', name, tokenHash: hash, hint, createdBy: actor.id, createdAt: now, expiresAt, revokedAt: null, lastUsedAt: null });
    await this.audit.record([
      { entityType: 'auth_token', entityId: saved.id, orgId: person.orgId, action: 'token_created', actorId: actor.id, data: { personId, name } },
    ]);
    return { id: saved.id, token, hint, expiresAt: expiresAt?.toISOString() ?? null };
  }

  /** The org's API tokens (never the tokens themselves): admins only. */
  async listApiTokens(actor: Actor): Promise<AuthToken[]> {
    assertAdmin(actor);
    return this.db
      .getRepository(AuthToken)
      .createQueryBuilder('t')
      .innerJoin(Person, 'p', 'p.id = t.person_id')
      .where('t.kind = :kind AND p.org_id = :org', { kind: 'api', org: actor.orgId })
      .orderBy('t.id', 'ASC')
      .getMany();
  }

  async revokeApiToken(actor: Actor, id: number): Promise<void> {
    const row = await this.db.getRepository(AuthToken).findOneBy({ id, kind: 'api' });
    const owner = row ? await this.db.getRepository(Person).findOneBy({ id: row.personId }) : null;
    if (!row || !owner) throw notFound('令牌', id);
    assertOrg(actor, owner.orgId, { admin: true });
    if (!row.revokedAt) await this.db.getRepository(AuthToken).update({ id }, { revokedAt: this.clock.now() });
    this.principals.forgetToken(id);
    await this.audit.record([{ entityType: 'auth_token', entityId: id, orgId: owner.orgId, action: 'token_revoked', actorId: actor.id }]);
  }

  /** Revokes every live session and API token of the person except the one in use (`keepTokenId`). */
  private async revokeOthers(m: EntityManager, personId: number, keepTokenId: number): Promise<void> {
    await m.getRepository(AuthToken).update({ personId, revokedAt: IsNull(), id: Not(keepTokenId) }, { revokedAt: this.clock.now() });
  }
}

/**
 * Creates a person with a password (first admin at boot, `ducha user:add`). The org is given by id,
 * or by name (created when no org has that name).
 */
export async function addUser(db: DataSource, clock: Clock, u: NewUser, unitId: number | null = null): Promise<Person> {
  const problem = passwordProblem(u.password);
  if (problem) throw invalidField('password', problem);
  const hash = await hashPassword(u.password);
  return db.transaction(async (m) => {
    const orgs = m.getRepository(Org);
    if (await m.getRepository(Person).existsBy({ email: u.email.toLowerCase() }))
      throw new DomainError(HttpStatus.CONFLICT, 'EMAIL_TAKEN', `邮箱已被使用：${u.email}`);
    const now = clock.now();
    let org = /^\d+$/.test(u.orgName) ? await orgs.findOneBy({ id: Number(u.orgName) }) : await orgs.findOneBy({ name: u.orgName });
    if (!org && /^\d+$/.test(u.orgName)) throw invalidField('org', `组织不存在：${u.orgName}`);
    org ??= await orgs.save(orgs.create({ name: u.orgName, timeZone: u.timeZone ?? 'Asia/Shanghai', createdAt: now }));
    const person = await m.getRepository(Person).save(
      m.getRepository(Person).create({
        orgId: org.id,
        unitId,
        name: u.name,
        roles: u.roles,
        email: u.email.toLowerCase(),
        phone: null,
        webhookUrl: null,
        active: true,
        createdAt: now,
      }),
    );
    await m.getRepository(Credential).insert({ personId: person.id, passwordHash: hash, updatedAt: now });
    return person;
  });
}
