import { jest } from '@jest/globals';
import { DataSource, In } from 'typeorm';
import { NotificationMessage } from '../src/notifications/notification.entity.js';
import type { ActivationPreview } from '../src/plans/plans.service.js';
import { localDay } from '../src/schedule/index.js';
import { YearSimulation } from '../src/simulation/simulation.js';
import { SmtpSink } from './support/smtp-sink.js';
import { createTestApp, TEST_DB, type TestApp } from './support/test-app.js';

jest.setTimeout(300_000);

/**
 * The activation preview's year: messages per person per month, nobody acting. For a small plan
 * activated in March (one item already past due, so in grace), the year simulation with nobody
 * acting runs the real sweep, queues and SMTP delivery to the end of June; what each person was
 * sent per month must be what the preview said.
 */
describe(`activation preview: the year's messages per person per month (${TEST_DB}, real Redis and SMTP)`, () => {
  let t: TestApp;
  const smtp = new SmtpSink();
  let preview: ActivationPreview;
  let planId: number;
  const who: Record<string, number> = {};

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp('2024-03-05T00:30:00Z', { SMTP_PORT: String(smtp.port), DUCHA_SCHEDULER: 'false' }); // Tue 08:30 Beijing
    const orgId = t.admin.orgId;
    const office = (await t.api.post('/api/units').send({ orgId, name: '镇党政办' }).expect(201)).body;
    const finance = (await t.api.post('/api/units').send({ orgId, name: '镇财政所' }).expect(201)).body; // no head
    const head = await t.addUser({ name: '李四', roles: ['unit_head'], unitId: office.id });
    await t.api.patch(`/api/units/${office.id}`).send({ headId: head.id }).expect(200);
    const presidium = await t.addUser({ name: '王五', roles: ['presidium'] });
    const a = await t.addUser({ name: '张三', roles: ['staff'], unitId: office.id });
    const b = await t.addUser({ name: '赵六', roles: ['staff'], unitId: finance.id });
    Object.assign(who, { head: head.id, presidium: presidium.id, a: a.id, b: b.id });
    const plan = (
      await t.api
        .post('/api/plans')
        .send({
          orgId,
          year: 2024,
          title: '2024年小计划',
          items: [
            { title: '召开年度工作部署会', timeText: '1月份', ownerId: a.id, unitId: office.id },
            { title: '开展财政资金专项检查', timeText: '每季度', ownerId: b.id, unitId: finance.id },
            { title: '组织代表视察', timeText: '4月份', ownerId: a.id, unitId: office.id },
            { title: '报送半年工作总结', timeText: '6月底前', ownerId: a.id, unitId: office.id },
          ],
        })
        .expect(201)
    ).body;
    planId = plan.id;
    preview = (await t.api.post(`/api/plans/${planId}/activation-preview`).send({ pastDue: 'grace' }).expect(200)).body;
    const result = (await t.api.post(`/api/plans/${planId}/activate`).send({ pastDue: 'grace' }).expect(200)).body;
    // The activation reports the first week as the preview did, and does not compute the year.
    expect(result.messages).toEqual(preview.messages);
    expect(result.year).toBeUndefined();
    // The scheduler's tick right after activation, then the simulated days from the 09:00 sweep on.
    const sim = new YearSimulation(t.app, t.clock);
    await sim.sup.runSweep(t.clock.now());
    await sim.sup.waitForIdle();
    const run = await sim.run({ planIds: [planId], from: '2024-03-05', to: '2024-06-30', seed: 1, idle: true });
    expect(run.errors).toEqual([]);
    expect(run.actions).toEqual({});
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  it('the preview covers the plan year from the activation month, most messages first, with names and the warning threshold', () => {
    const y = preview.year;
    expect(y.from).toBe('2024-03-05');
    expect(y.to).toBe('2024-12-31');
    expect(y.months).toEqual(['2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12']);
    expect(y.people.map((p) => p.total)).toEqual([...y.people.map((p) => p.total)].sort((x, z) => z - x));
    expect(y.people.find((p) => p.personId === who.a)).toMatchObject({ name: '张三', role: 'staff' });
    expect(y.people.find((p) => p.personId === who.presidium)).toMatchObject({ name: '王五', role: 'presidium' });
    expect(y.threshold).toBe(20);
    expect(y.total).toBe(y.perMonth.reduce((a, b) => a + b, 0));
    // Its first week is the replay's first week.
    const week = y.days.filter((d) => d.day <= '2024-03-11');
    expect(week).toEqual(preview.messages.days.filter((d) => d.digests || d.presidiumAlerts));
  });

  it('what each person was actually sent, month by month, is what the preview said (nobody acting)', async () => {
    const db = t.app.get(DataSource);
    const people = [who.a, who.b, who.head, who.presidium];
    const messages = await db.getRepository(NotificationMessage).find({ where: { recipientId: In(people) } });
    expect(messages.filter((m) => m.status !== 'sent')).toEqual([]);
    const months = ['2024-03', '2024-04', '2024-05', '2024-06'];
    const sent = Object.fromEntries(
      people.map((p) => [p, months.map((mo) => messages.filter((m) => m.recipientId === p && localDay(m.createdAt, 'Asia/Shanghai').startsWith(mo)).length)]),
    );
    const said = Object.fromEntries(
      people.map((p) => {
        const row = preview.year.people.find((x) => x.personId === p);
        return [p, months.map((mo) => (row ? row.months[preview.year.months.indexOf(mo)] : 0))];
      }),
    );
    expect(sent).toEqual(said);
    // Everyone got something, the unit head and the presidium included (the January item ran the whole ladder).
    for (const p of people) expect(sent[p].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(smtp.mails.length).toBe(messages.length);
  });

  it('a 500-task plan is previewed with its year (the time it takes: npm run bench:year-preview)', async () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ title: `每周安全巡查${i + 1}`, timeText: '每周', ownerId: who.a, unitId: null }));
    const plan = (await t.api.post('/api/plans').send({ orgId: t.admin.orgId, year: 2024, title: '2024年每周巡查', items }).expect(201)).body;
    const body = (await t.api.post(`/api/plans/${plan.id}/activation-preview`).send({}).expect(200)).body as ActivationPreview;
    expect(body.tasks).toBeGreaterThanOrEqual(500);
    expect(body.year.people.find((p) => p.personId === who.a)!.total).toBeGreaterThan(0);
    expect(body.year.computeMs).toEqual(expect.any(Number));
  });
});
