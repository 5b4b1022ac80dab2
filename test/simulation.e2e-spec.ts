import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { ManualClock } from '../src/clock/clock.js';
import { migrate } from '../src/database/migrate.js';
import { createApp } from '../src/main.js';
import { Notification, NotificationMessage } from '../src/notifications/notification.entity.js';
import { stageGroup } from '../src/simulation/predict.js';
import { seedSample } from '../src/simulation/sample.js';
import { defaultSampleFile } from '../src/simulation/simulate.command.js';
import { YearSimulation, type SimulationResult } from '../src/simulation/simulation.js';
import { SmtpSink } from './support/smtp-sink.js';
import { freshDatabase, TEST_DB, testConfig, type TestDatabase } from './support/test-app.js';

jest.setTimeout(600_000);

/**
 * A whole simulated year of the seven sample plans (seed 42) through the real sweep, BullMQ and
 * SMTP delivery: what the ledger recorded must be exactly what the pure policy says was due,
 * replayed over each task's final timeline at the same sweep instants.
 */
describe(`a simulated year of the sample plans (${TEST_DB}, real Redis and SMTP)`, () => {
  let database: TestDatabase;
  let smtp: SmtpSink;
  let app: INestApplication;
  let sim: YearSimulation;
  let result: SimulationResult;
  let planIds: number[];
  let dataDir: string;

  beforeAll(async () => {
    smtp = new SmtpSink();
    await smtp.start();
    database = await freshDatabase();
    const config = testConfig(database.url, {
      DUCHA_QUEUE_PREFIX: `ducha-sim-test-${randomBytes(4).toString('hex')}`,
      SMTP_PORT: String(smtp.port),
      DUCHA_SCHEDULER: 'false',
    });
    dataDir = config.dataDir;
    await migrate(config);
    const clock = new ManualClock('2024-01-01T00:00:00+08:00');
    app = await createApp({ config, clock, redisUrl: config.redisUrl! }, false);
    await app.init();
    planIds = (await seedSample(app, readFileSync(defaultSampleFile(), 'utf8'), 2024)).planIds;
    sim = new YearSimulation(app, clock);
    result = await sim.run({ planIds, from: '2024-01-01', to: '2024-12-31', seed: 42 });
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('ran the year without errors, with staff submitting on time, late and never, and reviewers returning some', () => {
    expect(result.errors).toEqual([]);
    expect(result.sweepInstants).toHaveLength(366 * 2);
    expect(result.conduct['on-time']).toBeGreaterThan(0);
    expect(result.conduct.late + result.conduct['very-late']).toBeGreaterThan(0);
    expect(result.conduct.never).toBeGreaterThan(0);
    expect(result.actions.returned).toBeGreaterThan(0);
    expect(result.actions.resubmitted).toBeGreaterThan(0);
    expect(result.actions.accepted).toBeGreaterThan(0);
  });

  it('the ledger holds exactly the (task, stage, recipient) the policy predicts from the tasks alone, each once', async () => {
    const predicted = await sim.predicted(planIds, result.sweepInstants);
    const recorded = await sim.recorded(planIds);
    expect([...predicted].filter((k) => !recorded.has(k))).toEqual([]);
    expect([...recorded.keys()].filter((k) => !predicted.has(k))).toEqual([]);
    expect([...recorded.entries()].filter(([, n]) => n > 1)).toEqual([]);
    // And per stage, the counts agree.
    const count = (keys: Iterable<string>) => {
      const c: Record<string, number> = {};
      for (const k of keys) c[stageGroup(k.split('|')[1])] = (c[stageGroup(k.split('|')[1])] ?? 0) + 1;
      return c;
    };
    expect(count(recorded.keys())).toEqual(count(predicted));
  });

  it('every stage occurs, every message was delivered once, and the sink got exactly the sent messages', async () => {
    const db = app.get(DataSource);
    const rows = await db.getRepository(Notification).find();
    const stages = new Set(rows.map((r) => stageGroup(r.stage)));
    for (const s of ['window-open', 'before-5', 'before-1', 'overdue', 'escalate-1', 'escalate-2', 'escalate-2-repeat']) expect(stages).toContain(s);
    const messages = await db.getRepository(NotificationMessage).find();
    expect(messages.some((m) => m.kind === 'presidium-daily' && m.status === 'sent')).toBe(true);
    expect(messages.filter((m) => m.status === 'pending' || m.status === 'failed')).toEqual([]);
    expect(rows.filter((r) => r.status === 'pending' || r.status === 'failed')).toHaveLength(0);
    const sent = messages.filter((m) => m.status === 'sent');
    expect(smtp.mails).toHaveLength(sent.length);
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(smtp.mails.length);
    // One presidium alert per member per day at most (the key says so; the mailbox agrees).
    const alertKeys = messages.filter((m) => m.kind === 'presidium-daily').map((m) => m.key);
    expect(new Set(alertKeys).size).toBe(alertKeys.length);
  });
});
