import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { scratchDatabase } from '../../bench/support.js';
import { ManualClock } from '../../src/clock/clock.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { migrate } from '../../src/database/migrate.js';
import { createApp } from '../../src/main.js';

/** Which database the e2e run uses: scripts/test.sh runs the suite once per database. */
export const TEST_DB = (process.env.DUCHA_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
const PG_ADMIN_URL = process.env.DUCHA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.DUCHA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file: a temp SQLite file or a new PostgreSQL database. */
export function freshDatabase(): Promise<TestDatabase> {
  return scratchDatabase(TEST_DB, 't', PG_ADMIN_URL);
}

/** supertest with a bearer token on every request. */
export interface AuthedHttp {
  get(url: string): request.Test;
  post(url: string): request.Test;
  put(url: string): request.Test;
  patch(url: string): request.Test;
  delete(url: string): request.Test;
}

export interface TestUser {
  id: number;
  email: string;
  password: string;
  token: string;
  http: AuthedHttp;
}

export interface TestApp {
  app: INestApplication;
  /** No token: only login, health and docs answer. */
  http: ReturnType<typeof request>;
  clock: ManualClock;
  config: AppConfig;
  /** The first admin, created at boot from DUCHA_ADMIN_EMAIL / DUCHA_ADMIN_PASSWORD, logged in. */
  admin: TestUser & { orgId: number };
  /** Shorthand for admin.http. */
  api: AuthedHttp;
  as(token: string): AuthedHttp;
  login(email: string, password: string): Promise<string>;
  /** Creates a person in the admin's org (admin API), gives them a password and logs them in. */
  addUser(p: { name: string; roles: string[]; unitId?: number | null; email?: string }): Promise<TestUser>;
  close(): Promise<void>;
}

export const TEST_ADMIN = { email: 'admin@ducha.test', password: 'admin-password-123' };

export function testConfig(databaseUrl: string, extra: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    DUCHA_QUEUE_PREFIX: `ducha-test-${randomBytes(4).toString('hex')}`,
    DUCHA_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'ducha-data-')),
    DUCHA_ADMIN_EMAIL: TEST_ADMIN.email,
    DUCHA_ADMIN_PASSWORD: TEST_ADMIN.password,
    ...extra,
  });
}

/** The real application on a fresh database, real Redis, migrations applied, clock at `now`. */
export async function createTestApp(now = '2024-01-02T01:00:00Z', extraEnv: Record<string, string> = {}): Promise<TestApp> {
  const db = await freshDatabase();
  const config = testConfig(db.url, extraEnv);
  await migrate(config);
  const clock = new ManualClock(now);
  // Initialised and ready (fastify's routes are in place) when createApp returns.
  const app = await createApp({ config, clock, redisUrl: config.redisUrl! }, false);
  const server = app.getHttpServer();
  const as = (token: string): AuthedHttp => {
    const h = `Bearer ${token}`;
    return {
      get: (u) => request(server).get(u).set('Authorization', h),
      post: (u) => request(server).post(u).set('Authorization', h),
      put: (u) => request(server).put(u).set('Authorization', h),
      patch: (u) => request(server).patch(u).set('Authorization', h),
      delete: (u) => request(server).delete(u).set('Authorization', h),
    };
  };
  const login = async (email: string, password: string): Promise<string> => {
    const res = await request(server).post('/api/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };
  const adminLogin = await request(server).post('/api/auth/login').send(TEST_ADMIN);
  if (adminLogin.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(adminLogin.body)}`);
  // Tests move the clock by months, past any login session; so each test user works with a personal
  // API token (no expiry), issued by the admin, as a script would.
  const apiToken = async (personId: number): Promise<string> => {
    const res = await as(adminLogin.body.token).post('/api/auth/tokens').send({ personId, name: 'e2e' });
    if (res.status !== 201) throw new Error(`token for ${personId} failed: ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };
  const adminToken = await apiToken(adminLogin.body.person.id);
  const admin = { ...TEST_ADMIN, id: adminLogin.body.person.id, orgId: adminLogin.body.person.orgId, token: adminToken, http: as(adminToken) };
  let serial = 0;
  const addUser: TestApp['addUser'] = async (p) => {
    const email = p.email ?? `user${++serial}-${randomBytes(3).toString('hex')}@ducha.test`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const created = await admin.http.post('/api/people').send({ orgId: admin.orgId, name: p.name, roles: p.roles, unitId: p.unitId ?? null, email });
    if (created.status !== 201) throw new Error(`addUser failed: ${JSON.stringify(created.body)}`);
    await admin.http.put(`/api/auth/people/${created.body.id}/password`).send({ password }).expect(204);
    const token = await apiToken(created.body.id);
    return { id: created.body.id, email, password, token, http: as(token) };
  };
  return {
    app,
    http: request(server),
    clock,
    config,
    admin,
    api: admin.http,
    as,
    login,
    addUser,
    close: async () => {
      await app.close();
      await db.drop();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** A unit with one staff member owning the one item of an activated plan: the smallest org that gets reminders. */
export async function activatedOneItemPlan(
  t: TestApp,
  p: { unitName: string; owner: { name: string; email: string }; title: string; timeText: string; year?: number },
): Promise<{ unit: { id: number }; owner: TestUser; plan: { id: number } }> {
  const orgId = t.admin.orgId;
  const unit = (await t.api.post('/api/units').send({ orgId, name: p.unitName }).expect(201)).body as { id: number };
  const owner = await t.addUser({ name: p.owner.name, roles: ['staff'], unitId: unit.id, email: p.owner.email });
  const plan = (
    await t.api
      .post('/api/plans')
      .send({ orgId, year: p.year ?? 2024, title: '计划', items: [{ title: p.title, timeText: p.timeText, ownerId: owner.id, unitId: unit.id }] })
      .expect(201)
  ).body as { id: number };
  await t.api.post(`/api/plans/${plan.id}/activate`).expect(200);
  return { unit, owner, plan };
}
