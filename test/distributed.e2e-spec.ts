import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.js';
import { migrate } from '../src/database/migrate.js';
import { Cluster, CLUSTER_NOW, messageStatuses, RedisServer, SEED_ORG, seedDueTasks, until } from './support/cluster.js';
import { SmtpSink } from './support/smtp-sink.js';
import { freshDatabase, TEST_ADMIN, TEST_DB, testConfig, type TestDatabase } from './support/test-app.js';

jest.setTimeout(180_000);

/**
 * #11 and #13 against real processes of the compiled CLI (`node dist/cli.js serve|worker`), a
 * redis-server this test starts on its own port, and the in-process SMTP sink. The clock of every
 * process is fixed (DUCHA_NOW); nothing waits for real time to pass except what the processes do.
 */
const CONCURRENCY = 10;
const PROCESS_CONFIG = {
  scheduler: { enabled: true }, // config/test.yaml turns it off for in-process tests
  jobs: { lockMs: 5000, stalledIntervalMs: 1000, reconcileSeconds: 1, leaseSeconds: 60, shutdownSeconds: 3 },
  notifications: { attempts: 10, backoffMs: 100, timeoutMs: 2000, concurrency: CONCURRENCY, smtpPoolSize: CONCURRENCY },
  auth: { adminOrg: SEED_ORG },
  reports: { enabled: false }, // 1 July is also the quarterly report's send day: this test counts reminders only
};

describe(`one API and several workers (${TEST_DB}, own redis-server, SMTP sink)`, () => {
  let database: TestDatabase;
  let redis: RedisServer;
  let smtp: SmtpSink;
  let cluster: Cluster;
  let db: DataSource;

  async function setUp(owners: number, aof: boolean, processConfig: Record<string, unknown> = PROCESS_CONFIG): Promise<void> {
    database = await freshDatabase();
    const config = testConfig(database.url);
    await migrate(config);
    await seedDueTasks(config, owners);
    db = new DataSource(dataSourceOptions(config));
    await db.initialize();
    redis = new RedisServer(aof);
    await redis.start();
    smtp = new SmtpSink();
    await smtp.start();
    cluster = new Cluster({
      databaseUrl: database.url,
      redisUrl: redis.url,
      prefix: `ducha-dist-${randomBytes(4).toString('hex')}`,
      smtpPort: smtp.port,
      now: CLUSTER_NOW,
      config: processConfig,
    });
  }

  afterEach(async () => {
    await cluster?.stop();
    await redis?.destroy();
    await smtp?.stop();
    await db?.destroy();
    await database?.drop();
  });

  const count = async (sql: string): Promise<number> => Number(((await db.query(sql)) as Array<{ n: unknown }>)[0].n);
  const expectedIds = async (): Promise<string[]> =>
    ((await db.query('SELECT id FROM notification_message ORDER BY id')) as Array<{ id: unknown }>).map(
      (r) => `<ducha.notification.${Number(r.id)}@localhost>`,
    );
  /** Message-ID → the processes (EHLO names) that delivered it, in order of arrival. */
  const deliveries = (): Map<string, string[]> => {
    const by = new Map<string, string[]>();
    for (const m of smtp.mails) by.set(m.messageId, [...(by.get(m.messageId) ?? []), m.client]);
    return by;
  };
  const allSent = async (total: number): Promise<boolean> => {
    const s = await messageStatuses(db);
    return (s.sent ?? 0) === total && deliveries().size >= total;
  };

  async function withLogs<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${cluster.logs()}`);
    }
  }

  const heavy = async () => {
    const OWNERS = 2000;
    await setUp(OWNERS, true);
    await withLogs(async () => {
      const workers = await Promise.all(['worker-1', 'worker-2', 'worker-3'].map((n) => cluster.worker(n)));
      await cluster.api(); // its scheduler enqueues the sweep at start
      // Redis restarts (AOF on) in the middle of the sweep: ledger rows written, messages not yet made.
      await until('the sweep to write ledger rows', async () => (await count('SELECT COUNT(*) AS n FROM notification')) > 0, 60_000, 5);
      const messagesAtRestart = await count('SELECT COUNT(*) AS n FROM notification_message');
      await redis.restart();
      // SIGKILL one worker in the middle of delivery, once it has delivered a share.
      await until('worker-1 to deliver 100 messages', () => smtp.mails.filter((m) => m.client === 'worker-1').length >= 100, 90_000);
      workers[0].kill('SIGKILL');
      // SMTP refuses for a while (temporary 451), then accepts again.
      smtp.refuse = true;
      await until('SMTP to refuse 100 messages', () => smtp.refused >= 100, 60_000);
      smtp.refuse = false;
      const total = OWNERS; // a digest per owner (the presidium's alert has nothing newly overdue: due before the horizon)
      await until('every message to be sent and received', () => allSent(total), 120_000, 200);

      expect(messagesAtRestart).toBe(0);
      expect(await messageStatuses(db)).toEqual({ sent: total });
      expect(await count("SELECT COUNT(*) AS n FROM notification WHERE status = 'pending'")).toBe(0);
      const by = deliveries();
      expect([...by.keys()].sort()).toEqual((await expectedIds()).sort());
      // The only repeats: messages in flight in the killed worker (accepted, not yet marked sent), at most its concurrency.
      const repeats = [...by.entries()].filter(([, clients]) => clients.length > 1);
      expect(repeats.length).toBeLessThanOrEqual(CONCURRENCY);
      for (const [id, clients] of repeats) expect([id, clients.length, clients[0]]).toEqual([id, 2, 'worker-1']);
      expect(smtp.refused).toBeGreaterThanOrEqual(100);
    });
  };

  // On both databases: on SQLite the four processes share one file (WAL, busy timeout).
  it(
    'SIGKILL of a worker mid-delivery, Redis restarted (AOF) mid-sweep, SMTP refusing: every message arrives, repeats only from the killed worker and at most its concurrency',
    heavy,
  );

  it('Redis restarted empty (no AOF) mid-delivery: the marker notices at once, everything is delivered from the database with no repeats; a SIGTERM meanwhile ends the worker', async () => {
    const OWNERS = 800;
    await setUp(OWNERS, false);
    await withLogs(async () => {
      const workers = await Promise.all(['worker-1', 'worker-2', 'worker-3'].map((n) => cluster.worker(n)));
      const { proc: api } = await cluster.api();
      const total = OWNERS;
      await until('the sweep to make every message', async () => (await count('SELECT COUNT(*) AS n FROM notification_message')) === total, 60_000);
      await until('200 deliveries', () => smtp.mails.length >= 200, 60_000);
      await redis.restart();
      const stopping = performance.now();
      workers[2].kill('SIGTERM');
      const code = await workers[2].exited;
      const stopSeconds = (performance.now() - stopping) / 1000;
      await until('every message to be sent and received', () => allSent(total), 120_000, 200);

      expect(stopSeconds).toBeLessThan(PROCESS_CONFIG.jobs.shutdownSeconds + 6);
      expect(code).not.toBeNull();
      expect(api.log).toContain('Redis 中没有 ducha 的标记');
      expect(await messageStatuses(db)).toEqual({ sent: total });
      const by = deliveries();
      expect([...by.keys()].sort()).toEqual((await expectedIds()).sort());
      expect([...by.values()].filter((c) => c.length > 1)).toEqual([]);
    });
  });

  it('jobs whose workers die twice are failed by BullMQ: their messages become failed (not pending), are retried under a fresh job id and arrive once', async () => {
    const OWNERS = 6; // 6 messages: all in flight in one worker at once
    // Sends that hang stay in flight (a 30 s timeout), so each worker dies holding all six.
    await setUp(OWNERS, true, { ...PROCESS_CONFIG, notifications: { ...PROCESS_CONFIG.notifications, timeoutMs: 30_000 } });
    await withLogs(async () => {
      smtp.hold = true; // every send hangs at DATA: the worker dies with all of them in flight
      const { proc: api } = await cluster.api();
      const a = await cluster.worker('worker-a');
      await until('6 sends in flight in worker-a', () => smtp.held >= OWNERS, 60_000);
      a.kill('SIGKILL');
      const b = await cluster.worker('worker-b');
      await until('the same 6 taken over and in flight in worker-b', () => smtp.held >= 2 * OWNERS, 60_000);
      b.kill('SIGKILL');
      await cluster.worker('worker-c'); // its stalled check fails the jobs: "stalled more than allowable limit"
      // An hour later by the clock the messages are past the lease: the reconciler looks at them.
      api.kill('SIGTERM');
      await api.exited;
      const later = new Date(new Date(CLUSTER_NOW).getTime() + 3600_000).toISOString();
      const { url } = await cluster.api('api-2', { DUCHA_NOW: later, DUCHA_ADMIN_EMAIL: TEST_ADMIN.email, DUCHA_ADMIN_PASSWORD: TEST_ADMIN.password });
      await until('the reconciler to fail the 6 messages', async () => (await messageStatuses(db)).failed === OWNERS, 60_000, 200);
      expect(await messageStatuses(db)).toEqual({ failed: OWNERS });
      const failed = (await db.query("SELECT id, last_error FROM notification_message WHERE status = 'failed' ORDER BY id")) as Array<{
        id: unknown;
        last_error: string;
      }>;
      for (const m of failed) expect(m.last_error).toMatch(/stalled/);
      expect(smtp.mails).toEqual([]);

      smtp.hold = false;
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
      const { token } = (await login.json()) as { token: string };
      for (const m of failed) {
        const res = await fetch(`${url}/api/notifications/${Number(m.id)}/retry`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        expect([Number(m.id), res.status]).toEqual([Number(m.id), 200]);
      }
      await until('the 6 retried messages to arrive', () => allSent(OWNERS), 60_000, 100);
      expect(await messageStatuses(db)).toEqual({ sent: OWNERS });
      const by = deliveries();
      expect([...by.keys()].sort()).toEqual((await expectedIds()).sort());
      expect([...by.values()].every((c) => c.length === 1)).toBe(true);
    });
  });
});
