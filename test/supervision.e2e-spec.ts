import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { ManualClock } from '../src/clock/clock.js';
import { migrate } from '../src/database/migrate.js';
import { createApp } from '../src/main.js';
import { DeliveryService } from '../src/notifications/delivery.service.js';
import { Notification, NotificationMessage } from '../src/notifications/notification.entity.js';
import { Org } from '../src/people/org.entity.js';
import { Person } from '../src/people/person.entity.js';
import { Unit } from '../src/people/unit.entity.js';
import { PlanItem } from '../src/plans/plan-item.entity.js';
import { Plan } from '../src/plans/plan.entity.js';
import { SupervisionService } from '../src/supervision/supervision.service.js';
import { Task } from '../src/tasks/task.entity.js';
import { SmtpSink } from './support/smtp-sink.js';
import { freshDatabase, TEST_DB, testConfig, type TestDatabase } from './support/test-app.js';

jest.setTimeout(60_000);

const bj = (s: string) => new Date(`${s}+08:00`);
const OWNER = 'zhangsan@town.test';
const HEAD = 'lisi@town.test';
const PRESIDIUM = 'wangwu@town.test';

interface Instance {
  app: INestApplication;
  sup: SupervisionService;
  delivery: DeliveryService;
  db: DataSource;
  close(): Promise<void>;
}

describe(`reminders and escalation, exactly once (${TEST_DB}, real Redis and SMTP)`, () => {
  let database: TestDatabase;
  let smtp: SmtpSink;
  let prefix: string;
  let clock: ManualClock;
  const instances: Instance[] = [];
  let taskId: number;

  async function start(workers = true): Promise<Instance> {
    const config = testConfig(database.url, { DUCHA_QUEUE_PREFIX: prefix, SMTP_PORT: String(smtp.port) });
    if (!workers) config.jobs.roles = config.jobs.roles.filter((r) => r !== 'worker');
    const app = await createApp({ config, clock, redisUrl: config.redisUrl! }, false);
    await app.init();
    const inst: Instance = {
      app,
      sup: app.get(SupervisionService),
      delivery: app.get(DeliveryService),
      db: app.get(DataSource),
      close: async () => {
        instances.splice(instances.indexOf(inst), 1);
        await app.close();
        rmSync(config.dataDir, { recursive: true, force: true });
      },
    };
    instances.push(inst);
    return inst;
  }

  async function seed(db: DataSource): Promise<void> {
    const now = clock.now();
    const org = await db.getRepository(Org).save({ name: '某某镇人大主席团', timeZone: 'Asia/Shanghai', createdAt: now });
    const unit = await db.getRepository(Unit).save({ orgId: org.id, name: '镇党政办', headId: null, createdAt: now });
    const person = (name: string, email: string, roles: Person['roles'], unitId: number | null) =>
      db
        .getRepository(Person)
        .save({ orgId: org.id, unitId, name, roles, email, phone: null, webhookUrl: null, active: true, notifyChannel: null, createdAt: now });
    const owner = await person('张三', OWNER, ['staff'], unit.id);
    const head = await person('李四', HEAD, ['unit_head'], unit.id);
    await person('王五', PRESIDIUM, ['presidium'], null);
    await db.getRepository(Unit).update({ id: unit.id }, { headId: head.id });
    const plan = await db
      .getRepository(Plan)
      .save({ orgId: org.id, year: 2024, title: '2024年纪检工作计划', sourceText: null, status: 'active', activatedAt: now, createdAt: now, updatedAt: now });
    const item = await db.getRepository(PlanItem).save({
      planId: plan.id,
      sortOrder: 1,
      sectionPath: [],
      code: null,
      title: '开展一次廉政风险防控建设专题教育活动',
      sourceQuote: null,
      timeText: '3月份',
      schedule: null,
      scheduleDetail: null,
      ownerId: owner.id,
      unitId: unit.id,
      coUnitIds: [],
      evidenceRequirements: [
        { kind: '会议记录', min: 1 },
        { kind: '照片', min: 2 },
      ],
      createdAt: now,
      updatedAt: now,
    });
    const task = await db.getRepository(Task).save({
      orgId: org.id,
      planId: plan.id,
      itemId: item.id,
      periodKey: '2024-03',
      label: '2024年3月',
      startDay: '2024-03-01',
      dueDay: '2024-03-29',
      windowStart: bj('2024-03-01T00:00:00'),
      dueAt: bj('2024-03-29T23:59:59.999'),
      status: 'open',
      ownerId: owner.id,
      unitId: unit.id,
      escalationLevel: 0,
      submittedAt: null,
      doneAt: null,
      onTime: null,
      returnCount: 0,
      originalDueAt: null,
      createdAt: now,
      updatedAt: now,
    });
    taskId = task.id;
  }

  beforeAll(async () => {
    smtp = new SmtpSink();
    await smtp.start();
  });
  afterAll(async () => {
    await smtp.stop();
  });

  beforeEach(async () => {
    database = await freshDatabase();
    prefix = `ducha-test-${randomBytes(4).toString('hex')}`;
    clock = new ManualClock('2024-03-01T00:00:00Z');
    smtp.mails.length = 0;
    smtp.refuse = false;
    await migrate(testConfig(database.url));
  });
  afterEach(async () => {
    for (const i of [...instances]) await i.close();
    await database.drop();
  });

  async function messages(db: DataSource): Promise<NotificationMessage[]> {
    return db.getRepository(NotificationMessage).find({ order: { id: 'ASC' } });
  }

  it('sends one digest per person per run, and running the sweep twice for an instant sends nothing twice', async () => {
    const a = await start();
    await seed(a.db);
    clock.set(bj('2024-03-22T09:00:00'));
    await a.sup.runSweep(clock.now());
    await a.sup.runSweep(clock.now());
    await a.sup.waitForIdle();
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual([OWNER]);
    expect(smtp.mails[0].subject).toBe('【督查提醒】开展一次廉政风险防控建设专题教育活动（2024年3月）3月29日到期');
    expect(smtp.mails[0].body).toContain(
      '开展一次廉政风险防控建设专题教育活动（2024年3月）｜截止 2024年3月29日（周五），还有 5 个工作日到期｜尚缺佐证：会议记录、照片×2',
    );
    expect(smtp.mails[0].messageId).toMatch(/^<ducha\.notification\.\d+@localhost>$/);

    // 2024-04-03 09:00: overdue 3 working days → owner and unit head (level 1), presidium daily alert (level 2).
    clock.set(bj('2024-04-03T09:00:00'));
    await Promise.all([a.sup.runSweep(clock.now()), a.sup.enqueueSweep(clock.now())]);
    await a.sup.waitForIdle();
    await a.sup.runSweep(clock.now());
    await a.sup.waitForIdle();
    expect(smtp.to(OWNER)).toHaveLength(2);
    expect(smtp.to(OWNER)[1].subject).toBe('【督查提醒】开展一次廉政风险防控建设专题教育活动（2024年3月）已逾期5天');
    expect(smtp.to(OWNER)[1].body).toContain('已逾期 5 天，已告知责任单位负责人');
    expect(smtp.to(HEAD)).toHaveLength(1);
    const alert = smtp.to(PRESIDIUM);
    expect(alert).toHaveLength(1);
    expect(alert[0].subject).toBe('【督查日报】2024-04-03：新增逾期 0 项，升级督办 1 项');
    expect(alert[0].body).toContain('责任人：张三（镇党政办）｜截止 2024年3月29日（周五），已逾期 5 天｜尚缺佐证：会议记录、照片×2');
    const task = await a.db.getRepository(Task).findOneByOrFail({ id: taskId });
    expect(task.escalationLevel).toBe(2);
    expect(task.nextNotifyAt).toBe(bj('2024-04-10T09:00:00').getTime());
    expect(smtp.mails).toHaveLength(4);
  });

  it('two app instances on the same Redis and database deliver every notification exactly once', async () => {
    const a = await start();
    const b = await start();
    await seed(a.db);
    clock.set(bj('2024-04-03T09:00:00'));
    await Promise.all([a.sup.enqueueSweep(), b.sup.enqueueSweep(), a.sup.runSweep(clock.now()), b.sup.runSweep(clock.now())]);
    await Promise.all([a.sup.waitForIdle(), b.sup.waitForIdle()]);
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual([HEAD, PRESIDIUM, OWNER].sort());
    expect((await messages(a.db)).every((m) => m.status === 'sent')).toBe(true);
  });

  it('loses nothing and sends nothing twice when Redis is flushed and the app restarted mid-delivery', async () => {
    const a = await start(false); // sweeps but does not deliver: the "killed before delivery" process
    await seed(a.db);
    clock.set(bj('2024-04-03T09:00:00'));
    await a.sup.runSweep(clock.now());
    expect((await messages(a.db)).map((m) => m.status)).toEqual(['pending', 'pending', 'pending']);
    await a.close();
    // Redis loses everything under the prefix.
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();

    // A second process starts with SMTP refusing: deliveries fail and retry; it is killed meanwhile.
    smtp.refuse = true;
    const b = await start();
    for (let i = 0; i < 500 && !(await messages(b.db)).some((m) => m.attempts > 0); i++) await new Promise((r) => setTimeout(r, 10));
    await b.close();
    smtp.refuse = false;
    const c = await start();
    await c.sup.waitForIdle();
    await c.sup.runSweep(clock.now());
    await c.sup.waitForIdle();
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual([HEAD, PRESIDIUM, OWNER].sort());
    expect((await messages(c.db)).every((m) => m.status === 'sent' || m.status === 'failed')).toBe(true);
    // Whatever failed in b (all attempts spent) is visible and retryable, never silently dropped.
    for (const m of (await messages(c.db)).filter((x) => x.status === 'failed')) await c.delivery.retry(m.id);
    await c.sup.waitForIdle();
    expect((await messages(c.db)).every((m) => m.status === 'sent')).toBe(true);
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(smtp.mails.length);
  });

  it('retries while SMTP refuses; after the last attempt the message is failed, listed and retryable', async () => {
    const a = await start();
    await seed(a.db);
    smtp.refuse = true;
    clock.set(bj('2024-03-22T09:00:00'));
    await a.sup.runSweep(clock.now());
    await a.sup.waitForIdle();
    expect(smtp.mails).toHaveLength(0);
    const failed = await a.delivery.list('failed');
    expect(failed.total).toBe(1);
    expect(failed.items[0]).toMatchObject({ attempts: 3, channel: 'email' });
    expect(failed.items[0].lastError).toMatch(/451|temporarily/);
    expect(failed.items[0].notifications.map((n) => [n.stage, n.status])).toEqual([['before-5', 'failed']]);

    // Transient trouble: refused once, then accepted, within the attempts.
    smtp.refuse = false;
    await a.delivery.retry(failed.items[0].id);
    await a.sup.waitForIdle();
    expect(smtp.mails).toHaveLength(1);
    expect((await a.delivery.list('failed')).total).toBe(0);
    const sent = (await a.delivery.list('sent')).items[0];
    expect(sent.notifications[0].status).toBe('sent');
    await expect(a.delivery.retry(sent.id)).rejects.toThrow(/只能重试/);
  });

  it('does not chase a task submitted between sweep and delivery; an extension re-arms reminders', async () => {
    const a = await start(false);
    await seed(a.db);
    clock.set(bj('2024-03-28T09:00:00'));
    await a.sup.runSweep(clock.now());
    const [msg] = await messages(a.db);
    await a.db.getRepository(Task).update({ id: taskId }, { status: 'submitted', updatedAt: clock.now() });
    expect(await a.delivery.deliver(msg.id)).toBe('skipped');
    const item = await a.db.getRepository(Notification).findOneByOrFail({ messageId: msg.id });
    expect(item).toMatchObject({ status: 'skipped', reason: '任务已submitted' });
    expect((await a.db.getRepository(Task).findOneByOrFail({ id: taskId })).nextNotifyAt).toBe(0);
    clock.set(bj('2024-04-08T09:00:00'));
    await a.sup.runSweep(clock.now());
    expect((await a.db.getRepository(Task).findOneByOrFail({ id: taskId })).nextNotifyAt).toBeNull();
    expect(await messages(a.db)).toHaveLength(1);

    // Returned and extended to 04-30: before-1 of the new date (04-29) is recorded again.
    await a.db
      .getRepository(Task)
      .update({ id: taskId }, { status: 'returned', dueDay: '2024-04-30', dueAt: bj('2024-04-30T23:59:59.999'), updatedAt: clock.now() });
    clock.set(bj('2024-04-29T09:00:00'));
    await a.sup.runSweep(clock.now());
    const rows = await a.db.getRepository(Notification).find({ where: { taskId, status: 'pending' } });
    expect(rows.map((r) => r.stage)).toEqual(['before-1']);
    expect(await a.delivery.deliver(rows[0].messageId!)).toBe('sent');
    expect(smtp.to(OWNER)).toHaveLength(1);
  });
});
