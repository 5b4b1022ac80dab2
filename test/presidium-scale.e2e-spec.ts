import { jest } from '@jest/globals';
import { TASK_CORE_COLUMNS } from '../src/tasks/task-insert-columns.js';
import type { INestApplication } from '@nestjs/common';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { WORKING_CALENDAR } from '../src/calendar/calendar.module.js';
import { ManualClock } from '../src/clock/clock.js';
import type { AppConfig } from '../src/config/app-config.js';
import { bulkInsert } from '../src/database/bulk-insert.js';
import { migrate } from '../src/database/migrate.js';
import { createApp } from '../src/main.js';
import { NotificationMessage } from '../src/notifications/notification.entity.js';
import { Org } from '../src/people/org.entity.js';
import { Person } from '../src/people/person.entity.js';
import { Plan } from '../src/plans/plan.entity.js';
import { endOfDay, startOfDay, type WorkingCalendar } from '../src/schedule/index.js';
import { notificationsDue } from '../src/supervision/policy.js';
import { SupervisionWatermark } from '../src/supervision/supervision.entities.js';
import { SupervisionService } from '../src/supervision/supervision.service.js';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink.js';
import { freshDatabase, TEST_DB, testConfig, type TestDatabase } from './support/test-app.js';

jest.setTimeout(120_000);

const TZ = 'Asia/Shanghai';
const TASKS = 50_000;
const ITEMS = 1_000; // 50 tasks each
const OWNERS = 100; // 500 tasks each
const PRESIDIUM = ['zhuxi1@town.test', 'zhuxi2@town.test', 'zhuxi3@town.test'];
const MAX_LINES = 25;
const PUBLIC_URL = 'http://ducha.test';
/** The previous sweep: Sunday 30 June 2024, evening. */
const BEFORE = new Date('2024-06-30T18:00:00+08:00');
/** Monday 1 July 2024, 09:00 Beijing: the presidium's alert time, and the owners' overdue notices. */
const ALERT_AT = new Date('2024-07-01T09:00:00+08:00');
/** Tasks of the last items fall due on Friday (3 days overdue), inserted last: the alert must still list them first. */
const FRIDAY_ITEMS = 50;

/** Numbered lines of the text part (the html part has no line starting with "n. "). */
const numbered = (m: ReceivedMail): string[] => m.body.split(/\r?\n/).filter((l) => /^\d+\. /.test(l));

describe(`presidium alert with ${TASKS} newly overdue tasks, bounded (${TEST_DB}, real Redis and SMTP)`, () => {
  let database: TestDatabase;
  let smtp: SmtpSink;
  let app: INestApplication;
  let config: AppConfig;

  async function seed(db: DataSource, calendar: WorkingCalendar): Promise<void> {
    const t = BEFORE.getTime();
    const org = await db.getRepository(Org).save({ name: '某某镇人大主席团', timeZone: TZ, createdAt: BEFORE });
    const people = [
      ...Array.from({ length: OWNERS }, (_, i) => ({ name: `责任人${i + 1}`, email: `owner${i + 1}@town.test`, roles: ['staff'] as Person['roles'] })),
      ...PRESIDIUM.map((email, i) => ({ name: `主席团${i + 1}`, email, roles: ['presidium'] as Person['roles'] })),
    ];
    await db
      .getRepository(Person)
      .insert(people.map((p) => ({ ...p, orgId: org.id, unitId: null, phone: null, webhookUrl: null, active: true, notifyChannel: null, createdAt: BEFORE })));
    const owners = (await db.getRepository(Person).find({ where: { orgId: org.id }, order: { id: 'ASC' } })).filter((p) => p.roles.includes('staff'));
    const plan = await db.getRepository(Plan).save({
      orgId: org.id,
      year: 2024,
      title: '2024年工作计划',
      sourceText: null,
      status: 'active',
      activatedAt: BEFORE,
      createdAt: BEFORE,
      updatedAt: BEFORE,
    });
    await db.transaction(async (m) => {
      await bulkInsert(
        m,
        'plan_item',
        [
          'plan_id',
          'sort_order',
          'section_path',
          'title',
          'time_text',
          'owner_id',
          'unit_id',
          'co_unit_ids',
          'evidence_requirements',
          'created_at',
          'updated_at',
        ],
        Array.from({ length: ITEMS }, (_, i) => [
          plan.id,
          i,
          '[]',
          `走访活动${i}`,
          '每月',
          owners[i % OWNERS].id,
          null,
          '[]',
          '[{"kind":"照片","min":2}]',
          t,
          t,
        ]),
      );
      const items = (await m.query(`SELECT id, sort_order FROM plan_item WHERE plan_id = ${plan.id} ORDER BY sort_order`)) as Array<{ id: unknown }>;
      const days = ['2024-06-30', '2024-06-28'].map((due) => {
        const dueAt = endOfDay(due, TZ);
        const start = '2024-06-01';
        // next_notify_at as the previous sweep left it: the owner's overdue notice on Monday morning.
        const next = notificationsDue({ status: 'open', startDay: start, dueDay: due, dueAt }, BEFORE, calendar, config.supervision.policy, TZ).next;
        return { due, dueAt: dueAt.getTime(), windowStart: startOfDay(start, TZ).getTime(), next: next!.getTime() };
      });
      const rows: unknown[][] = [];
      for (let i = 0; i < ITEMS; i++) {
        const d = days[i >= ITEMS - FRIDAY_ITEMS ? 1 : 0];
        for (let k = 0; k < TASKS / ITEMS; k++)
          rows.push([
            org.id,
            plan.id,
            Number(items[i].id),
            `2024-06#${k}`,
            `2024年6月（${k + 1}）`,
            '2024-06-01',
            d.due,
            d.windowStart,
            d.dueAt,
            'open',
            owners[i % OWNERS].id,
            null,
            t,
            t,
            d.next,
          ]);
      }
      const columns = [...TASK_CORE_COLUMNS, 'created_at', 'updated_at', 'next_notify_at'];
      await bulkInsert(m, 'task', columns, rows);
    });
    await db.getRepository(SupervisionWatermark).save({ name: 'sweep', at: BEFORE });
  }

  beforeAll(async () => {
    smtp = new SmtpSink();
    await smtp.start();
    database = await freshDatabase();
    config = testConfig(database.url, { SMTP_PORT: String(smtp.port) });
    config.jobs.roles = ['api', 'worker']; // the test runs the sweep itself, at the alert time
    config.notifications.publicUrl = PUBLIC_URL;
    config.supervision.maxLinesPerMessage = MAX_LINES;
    await migrate(config);
    const clock = new ManualClock(BEFORE.toISOString());
    app = await createApp({ config, clock, redisUrl: config.redisUrl! }, false);
    await app.init();
    await seed(app.get(DataSource), app.get<WorkingCalendar>(WORKING_CALENDAR));
    clock.set(ALERT_AT);
    const sup = app.get(SupervisionService);
    await sup.enqueueSweep(ALERT_AT);
    await sup.waitForIdle(100_000, 100);
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
    await database?.drop();
    rmSync(config.dataDir, { recursive: true, force: true });
  });

  it('every presidium member receives exactly one alert: the first lines longest overdue first, the true total, the board link', async () => {
    for (const email of PRESIDIUM) {
      const alerts = smtp.mails.filter((m) => m.to.includes(email));
      expect(alerts).toHaveLength(1);
      const [alert] = alerts;
      expect(alert.subject).toContain(`新增逾期 ${TASKS} 项`);
      const lines = numbered(alert);
      expect(lines).toHaveLength(MAX_LINES);
      // Friday's tasks (inserted last, 3 days overdue) come before Sunday's (1 day).
      for (const l of lines) expect(l).toContain('已逾期 3 天');
      expect(lines[0]).toContain(`走访活动${ITEMS - FRIDAY_ITEMS}`);
      expect(alert.body).toContain(`（以上为前 ${MAX_LINES} 项，共 ${TASKS} 项）`);
      expect(alert.body).toContain(`督查看板：${PUBLIC_URL}/board`);
    }
  });

  it('each owner gets one digest, cut to the same bound with the total; nothing is left pending or failed', async () => {
    const digests = smtp.mails.filter((m) => m.to.some((to) => to.startsWith('owner')));
    expect(digests).toHaveLength(OWNERS);
    expect(new Set(digests.map((m) => m.to[0])).size).toBe(OWNERS);
    for (const d of digests) {
      expect(numbered(d)).toHaveLength(MAX_LINES);
      expect(d.body).toContain(`以上为前 ${MAX_LINES} 项，共 ${TASKS / OWNERS} 项，全部事项请在督查系统查看：${PUBLIC_URL}/board`);
    }
    expect(smtp.mails).toHaveLength(OWNERS + PRESIDIUM.length);
    const statuses = await app
      .get(DataSource)
      .getRepository(NotificationMessage)
      .createQueryBuilder('m')
      .select('m.status', 's')
      .addSelect('COUNT(*)', 'n')
      .groupBy('m.status')
      .getRawMany<{ s: string; n: string }>();
    expect(Object.fromEntries(statuses.map((r) => [r.s, Number(r.n)]))).toEqual({ sent: OWNERS + PRESIDIUM.length });
  });
});
