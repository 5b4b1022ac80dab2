import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { deliverJobId } from '../src/jobs/catalogue.js';
import { JobHost } from '../src/jobs/job-host.js';
import { DeliveryService } from '../src/notifications/delivery.service.js';
import { Notification, NotificationMessage } from '../src/notifications/notification.entity.js';
import { SupervisionService } from '../src/supervision/supervision.service.js';
import { SmtpSink } from './support/smtp-sink.js';
import { activatedOneItemPlan, createTestApp, TEST_DB, type TestApp } from './support/test-app.js';

jest.setTimeout(60_000);

const bj = (s: string) => new Date(`${s}+08:00`);

/**
 * #13.1 in one process, real Redis and database: the reconciler's lease path with Redis' data intact
 * (the data-loss and double-crash paths run against real processes in distributed.e2e-spec.ts).
 */
describe(`the reconciler re-enqueues what the ledger says is stuck (${TEST_DB}; real Redis, SMTP sink)`, () => {
  let t: TestApp;
  const smtp = new SmtpSink();
  const OWNER = 'zhangsan@town.test';

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp('2024-03-20T02:00:00Z', { SMTP_PORT: String(smtp.port) });
    await activatedOneItemPlan(t, { unitName: '镇党政办', owner: { name: '张三', email: OWNER }, title: '开展专题教育活动', timeText: '3月份' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('a message pending past the lease whose job Redis holds as finished is sent again under a fresh job id; within the lease it is left alone', async () => {
    const db = t.app.get(DataSource);
    const sup = t.app.get(SupervisionService);
    const jobs = t.app.get(JobHost);
    const delivery = t.app.get(DeliveryService);
    t.clock.set(bj('2024-03-25T09:00:00')); // before-5 of a task due 31 March: one digest
    await sup.runSweep(t.clock.now());
    await sup.waitForIdle();
    const [msg] = await db.getRepository(NotificationMessage).find();
    expect(msg.status).toBe('sent');
    expect(smtp.to(OWNER)).toHaveLength(1);

    // The process died between the server's acceptance and marking it sent, and its job still ended
    // (the state the old re-queue swallowed: re-adding a finished job's id is ignored by Redis).
    await db.getRepository(NotificationMessage).update({ id: msg.id }, { status: 'pending', sentAt: null, updatedAt: t.clock.now() });
    await db.getRepository(Notification).update({ messageId: msg.id }, { status: 'pending' });
    expect(await jobs.states('deliver', [deliverJobId(msg.id, msg.retries)])).toEqual(['completed']);

    const leaseMs = t.config.jobs.leaseSeconds * 1000;
    t.clock.set(new Date(t.clock.now().getTime() + leaseMs - 60_000));
    expect(await delivery.reconcile(leaseMs)).toEqual({ requeued: 0, failed: 0 });
    t.clock.set(new Date(t.clock.now().getTime() + 120_000));
    expect(await delivery.reconcile(leaseMs)).toEqual({ requeued: 1, failed: 0 });
    await sup.waitForIdle();

    const after = await db.getRepository(NotificationMessage).findOneByOrFail({ id: msg.id });
    expect(after).toMatchObject({ status: 'sent', retries: msg.retries + 1 });
    expect(await jobs.states('deliver', [deliverJobId(msg.id, msg.retries + 1)])).toEqual(['completed']);
    const mails = smtp.to(OWNER);
    expect(mails).toHaveLength(2);
    expect(mails[1].messageId).toBe(mails[0].messageId); // at least once, under one Message-ID
    expect(await delivery.reconcile(leaseMs)).toEqual({ requeued: 0, failed: 0 }); // nothing left
  });
});
