// The real ducha server for the browser suite, started inside the Playwright worker so the test can
// move its clock (a ManualClock handed to createApp; nothing is exposed over HTTP). SQLite in a temp
// dir (PostgreSQL with DUCHA_TEST_DB=postgres), the machine's Redis under a fresh prefix, the in-process SMTP sink. Runs the compiled server
// (dist/): `npm run build` comes first.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scratchDatabase } from '../../bench/support.js';
import { SmtpSink } from '../support/smtp-sink.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = <T>(p: string): Promise<T> => import(pathToFileURL(path.join(ROOT, 'dist', p)).href) as Promise<T>;

type MainModule = typeof import('../../src/main.js');
type ConfigModule = typeof import('../../src/config/app-config.js');
type ClockModule = typeof import('../../src/clock/clock.js');
type MigrateModule = typeof import('../../src/database/migrate.js');
type SupervisionModule = typeof import('../../src/supervision/supervision.service.js');
type TasksModule = typeof import('../../src/tasks/tasks.service.js');

export const ADMIN = { email: 'office@town.test', password: 'office-password-1' };

export interface Server {
  url: string;
  smtp: SmtpSink;
  setNow(iso: string): void;
  /** What the scheduler's ticks do (they are off in tests): open due windows, then one sweep of
   * reminders and escalation, waiting until delivery has finished. */
  tick(): Promise<void>;
  api<T = unknown>(method: string, p: string, body?: unknown, token?: string): Promise<T>;
  adminToken: string;
  close(): Promise<void>;
}

export async function startServer(now: string): Promise<Server> {
  const [{ createApp }, { loadConfig }, { ManualClock }, { migrate }, { SupervisionService }, { TasksService }] = await Promise.all([
    dist<MainModule>('main.js'),
    dist<ConfigModule>('config/app-config.js'),
    dist<ClockModule>('clock/clock.js'),
    dist<MigrateModule>('database/migrate.js'),
    dist<SupervisionModule>('supervision/supervision.service.js'),
    dist<TasksModule>('tasks/tasks.service.js'),
  ]);
  const smtp = new SmtpSink();
  await smtp.start();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ducha-browser-'));
  // SQLite by default; DUCHA_TEST_DB=postgres runs the same flows on a fresh PostgreSQL database.
  const pgDb = process.env.DUCHA_TEST_DB === 'postgres' ? await scratchDatabase('postgres', 'browser', process.env.DUCHA_TEST_PG_URL ?? undefined) : null;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: pgDb?.url ?? `sqlite:${path.join(dir, 'ducha.sqlite')}`,
    REDIS_URL: process.env.DUCHA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    DUCHA_QUEUE_PREFIX: `ducha-browser-${randomBytes(4).toString('hex')}`,
    DUCHA_DATA_DIR: path.join(dir, 'data'),
    DUCHA_ADMIN_EMAIL: ADMIN.email,
    DUCHA_ADMIN_PASSWORD: ADMIN.password,
    SMTP_PORT: String(smtp.port),
  });
  await migrate(config);
  const clock = new ManualClock(now);
  const app = await createApp({ config, clock, redisUrl: config.redisUrl! }, false);
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  // Links in messages point at this server (DUCHA_PUBLIC_URL in production).
  (config.notifications as { publicUrl: string | null }).publicUrl = url;

  const api = async <T>(method: string, p: string, body?: unknown, token?: string): Promise<T> => {
    const res = await fetch(`${url}/api${p}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const login = await api<{ token: string; person: { id: number } }>('POST', '/auth/login', ADMIN);
  // The admin's API work (seeding) goes through a personal token: the clock moves past login sessions.
  const { token: adminToken } = await api<{ token: string }>('POST', '/auth/tokens', { personId: login.person.id, name: 'browser-suite' }, login.token);
  const sup = app.get(SupervisionService);
  const tasks = app.get(TasksService);
  return {
    url,
    smtp,
    adminToken,
    api,
    setNow: (iso) => clock.set(new Date(iso)),
    tick: async () => {
      await tasks.openDueWindows();
      await sup.enqueueSweep(clock.now());
      await sup.waitForIdle();
    },
    close: async () => {
      await app.close();
      await smtp.stop();
      await pgDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
