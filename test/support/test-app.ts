import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
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
export async function freshDatabase(): Promise<TestDatabase> {
  if (TEST_DB === 'postgres') {
    const name = `ducha_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: PG_ADMIN_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ducha-test-'));
  return { url: `sqlite:${path.join(dir, 'ducha.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  clock: ManualClock;
  config: AppConfig;
  close(): Promise<void>;
}

export function testConfig(databaseUrl: string, extra: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    DUCHA_QUEUE_PREFIX: `ducha-test-${randomBytes(4).toString('hex')}`,
    DUCHA_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'ducha-data-')),
    ...extra,
  });
}

/** The real application on a fresh database, real Redis, migrations applied, clock at `now`. */
export async function createTestApp(now = '2024-01-02T01:00:00Z', extraEnv: Record<string, string> = {}): Promise<TestApp> {
  const db = await freshDatabase();
  const config = testConfig(db.url, extraEnv);
  await migrate(config);
  const clock = new ManualClock(now);
  const app = await createApp({ config, clock, redisUrl: config.redisUrl! }, false);
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: request(server),
    clock,
    config,
    close: async () => {
      await app.close();
      await db.drop();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
