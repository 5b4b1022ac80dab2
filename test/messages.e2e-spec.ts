import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { Person } from '../src/people/person.entity.js';
import { PlanItem } from '../src/plans/plan-item.entity.js';
import { PlansService } from '../src/plans/plans.service.js';
import { seedSample } from '../src/simulation/sample.js';
import { SupervisionService } from '../src/supervision/supervision.service.js';
import { Task } from '../src/tasks/task.entity.js';
import { ImServer } from './support/im-server.js';
import { SmtpSink } from './support/smtp-sink.js';
import { activatedOneItemPlan, createTestApp, TEST_DB, type TestApp } from './support/test-app.js';

jest.setTimeout(120_000);

const bj = (s: string) => new Date(`${s}+08:00`);
const PUBLIC = 'https://ducha.town.gov.cn';

describe(`messages people can act on (${TEST_DB}; SMTP sink, local 企业微信/钉钉 server)`, () => {
  let t: TestApp;
  const smtp = new SmtpSink();
  const im = new ImServer();
  let sweep: (at: string) => Promise<void>;
  const ids: { task1: number; task2: number } = { task1: 0, task2: 0 };
  const OWNER = 'zhangsan@town.test';
  const OWNER2 = 'zhaoliu@town.test';

  beforeAll(async () => {
    await smtp.start();
    await im.start();
    im.wecom.users = new Set(['lisi']);
    im.dingtalk.users = new Set(['ding-wangwu']);
    t = await createTestApp('2024-01-02T01:00:00Z', {
      SMTP_PORT: String(smtp.port),
      DUCHA_PUBLIC_URL: `${PUBLIC}/`,
      DUCHA_WECOM_API_URL: im.url,
      DUCHA_WECOM_CORP_ID: im.wecom.corpId,
      DUCHA_WECOM_AGENT_ID: '1000002',
      DUCHA_WECOM_SECRET: im.wecom.secret,
      DUCHA_DINGTALK_API_URL: im.url,
      DUCHA_DINGTALK_APP_KEY: im.dingtalk.appKey,
      DUCHA_DINGTALK_APP_SECRET: im.dingtalk.appSecret,
      DUCHA_DINGTALK_AGENT_ID: '2233',
    });
    const sup = t.app.get(SupervisionService);
    sweep = async (at) => {
      t.clock.set(bj(at));
      await sup.runSweep(t.clock.now());
      await sup.waitForIdle();
    };
    const orgId = t.admin.orgId;
    const office = (await t.api.post('/api/units').send({ orgId, name: '镇党政办' }).expect(201)).body;
    const finance = (await t.api.post('/api/units').send({ orgId, name: '镇财政所' }).expect(201)).body; // no head
    const head = (
      await t.api
        .post('/api/people')
        .send({ orgId, name: '李四', roles: ['unit_head'], unitId: office.id, notifyChannel: 'wecom-app', wecomUserId: 'lisi' })
        .expect(201)
    ).body;
    await t.api.patch(`/api/units/${office.id}`).send({ headId: head.id }).expect(200);
    await t.api
      .post('/api/people')
      .send({ orgId, name: '王五', roles: ['presidium'], notifyChannel: 'dingtalk-app', dingtalkUserId: 'ding-wangwu' })
      .expect(201);
    const owner = await t.addUser({ name: '张三', roles: ['staff'], unitId: office.id, email: OWNER });
    const owner2 = await t.addUser({ name: '赵六', roles: ['staff'], unitId: finance.id, email: OWNER2 });
    const plan = (
      await t.api
        .post('/api/plans')
        .send({
          orgId,
          year: 2024,
          title: '2024年镇人大主席团工作计划',
          items: [
            {
              title: '开展一次廉政风险防控建设专题教育活动',
              timeText: '3月份',
              ownerId: owner.id,
              unitId: office.id,
              evidenceRequirements: [
                { kind: '会议记录', min: 1 },
                { kind: '照片', min: 2 },
              ],
            },
            { title: '完成财政资金专项检查', timeText: '3月份', ownerId: owner2.id, unitId: finance.id, evidenceRequirements: [{ kind: '检查报告', min: 1 }] },
          ],
        })
        .expect(201)
    ).body;
    await t.api.post(`/api/plans/${plan.id}/activate`).expect(200);
    const tasks = await t.app
      .get(DataSource)
      .getRepository(Task)
      .find({ where: { planId: plan.id }, order: { id: 'ASC' } });
    [ids.task1, ids.task2] = tasks.map((x) => x.id);
    // One of the two photos is in: only what is still missing is named.
    t.clock.set(bj('2024-03-20T10:00:00'));
    await owner.http.post(`/api/tasks/${ids.task1}/evidence`).send({ note: '活动现场照片一张', kind: '照片' }).expect(201);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
    await im.stop();
  });

  it('owner: item, period, local due day, days left, missing evidence and the task link; nothing untrue', async () => {
    await sweep('2024-03-25T09:00:00'); // before-5 of a task due Sun 31 March
    const [mail] = smtp.to(OWNER);
    expect(mail.subject).toBe('【督查提醒】开展一次廉政风险防控建设专题教育活动（2024年3月）3月31日到期');
    expect(mail.body).toContain('开展一次廉政风险防控建设专题教育活动（2024年3月）｜截止 2024年3月31日（周日），还有 5 个工作日到期｜尚缺佐证：会议记录、照片');
    expect(mail.body).not.toContain('照片×2');
    expect(mail.body).toContain(`去办理：${PUBLIC}/tasks/${ids.task1}`);
    expect(mail.body).toContain(`href="${PUBLIC}/tasks/${ids.task1}"`);
    expect(mail.body).toContain('请在截止前上传尚缺的佐证材料并提交审核');
    for (const lie of ['补发', '已告知', '主席团']) expect(mail.body).not.toContain(lie);
    expect(im.sent).toHaveLength(0);
  });

  it('escalation: owner told the head was told only when the unit has one; the head urges by name (企业微信 textcard); the presidium sees owner, unit and the board (钉钉 action_card)', async () => {
    await sweep('2024-04-03T09:00:00'); // 3 working days overdue (4 April is 清明)
    const zhangsan = smtp.to(OWNER).at(-1)!;
    expect(zhangsan.body).toContain('截止 2024年3月31日（周日），已逾期 3 天，已告知责任单位负责人');
    const zhaoliu = smtp.to(OWNER2).at(-1)!;
    expect(zhaoliu.body).toContain('完成财政资金专项检查（2024年3月）｜截止 2024年3月31日（周日），已逾期 3 天｜尚缺佐证：检查报告');
    expect(zhaoliu.body).not.toContain('已告知');
    expect(zhaoliu.body).not.toContain('补发');

    const wecom = im.sent.filter((r) => r.api === 'wecom');
    expect(wecom).toHaveLength(1);
    expect(wecom[0].body).toMatchObject({ touser: 'lisi', msgtype: 'textcard', agentid: 1000002 });
    const card = wecom[0].body.textcard as { title: string; description: string; url: string; btntxt: string };
    expect(card.title).toBe('【督办提醒】张三：开展一次廉政风险防控建设专题教育活动已逾期3天，请督促');
    expect(card.url).toBe(`${PUBLIC}/tasks/${ids.task1}`);
    expect(card.btntxt).toBe('去办理');
    expect(card.description).toContain('2024年3月31日（周日） 截止');
    expect(card.description).toContain('张三');
    expect(card.description).toContain('尚缺佐证：会议记录、照片');
    expect(card.description).not.toContain('上传');

    const ding = im.sent.filter((r) => r.api === 'dingtalk');
    expect(ding).toHaveLength(1);
    expect(ding[0].body.userid_list).toBe('ding-wangwu');
    const action = ding[0].body.msg.action_card as { title: string; markdown: string; single_title: string; single_url: string };
    expect(action.title).toBe('【督查日报】2024-04-03：新增逾期 0 项，升级督办 2 项');
    expect(action.single_url).toBe(`${PUBLIC}/board`);
    expect(action.single_title).toBe('去办理');
    expect(action.markdown).toContain('责任人：张三（镇党政办）');
    expect(action.markdown).toContain('责任人：赵六（镇财政所）');
    expect(action.markdown).toContain('尚缺佐证：会议记录、照片');
    expect(action.markdown).toContain('截止 2024年3月31日（周日），已逾期 3 天');
    expect(action.markdown).toContain(`${PUBLIC}/tasks/${ids.task2}`);
    expect(action.markdown).not.toContain('已报主席团');
    // One token per app for all of it.
    expect(im.tokenRequests('wecom')).toBe(1);
    expect(im.tokenRequests('dingtalk')).toBe(1);
  });

  it('never returns the app secrets through the API', async () => {
    for (const url of ['/api/health', `/api/orgs/${t.admin.orgId}/policy`, '/api/people', '/api/notifications']) {
      const res = await t.api.get(url);
      expect(JSON.stringify(res.body)).not.toContain(im.wecom.secret);
      expect(JSON.stringify(res.body)).not.toContain(im.dingtalk.appSecret);
    }
  });
});

describe(`activating last year's sample plan in December (${TEST_DB})`, () => {
  let t: TestApp;
  const smtp = new SmtpSink();

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp('2025-12-02T02:00:00Z', { SMTP_PORT: String(smtp.port) }); // Tue 10:00 Beijing
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('grace: at most one digest per owner on the first day, nothing to the presidium during the grace; the preview said so', async () => {
    const text = readFileSync(path.join(import.meta.dirname, 'fixtures', 'township-work-plans.txt'), 'utf8');
    const seed = await seedSample(t.app, text, 2024, false);
    const db = t.app.get(DataSource);
    const plans = t.app.get(PlansService);
    const sup = t.app.get(SupervisionService);
    // The plan with the most items.
    const counts = await Promise.all(seed.planIds.map(async (id) => [id, await db.getRepository(PlanItem).countBy({ planId: id })] as const));
    const planId = counts.sort((a, b) => b[1] - a[1])[0][0];

    const preview = await plans.previewActivation(planId, { pastDue: 'grace' });
    expect(await db.getRepository(Task).countBy({ planId })).toBe(0); // the preview changed nothing
    const result = await plans.activate(planId, null, { pastDue: 'grace' });
    expect(result.pastDue).toEqual({ count: result.tasks, choice: 'grace', graceUntil: '2025-12-09' });
    expect(result.messages).toEqual(preview.messages);
    expect(result.unowned).toEqual([]);

    const presidium = (await db.getRepository(Person).find({ where: { orgId: seed.orgId } })).filter((p) => p.roles.includes('presidium')).map((p) => p.email!);
    const owners = new Set((await db.getRepository(Task).find({ where: { planId } })).map((x) => x.ownerId));
    const sweepAt = async (at: Date) => {
      t.clock.set(at);
      await sup.runSweep(at);
      await sup.waitForIdle();
    };
    // Today: the tick right after activation, then the 18:00 sweep (the simulation's times).
    await sweepAt(t.clock.now());
    await sweepAt(bj('2025-12-02T18:00:00'));
    const firstDay = [...smtp.mails];
    expect(firstDay.length).toBe(preview.messages.today);
    expect(firstDay.length).toBeGreaterThan(0);
    expect(firstDay.length).toBeLessThanOrEqual(owners.size);
    const perRecipient = new Map<string, number>();
    for (const m of firstDay) for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect(Math.max(...perRecipient.values())).toBe(1);
    for (const m of firstDay) {
      expect(m.body).toContain('计划启用时已过截止日，请于 2025年12月9日（周二） 前办理');
      expect(m.body).not.toContain('补发');
      expect(m.body).not.toContain('已告知');
    }
    // The rest of the first week, day by day: what the preview said, and nothing to the presidium.
    for (const day of ['03', '04', '05', '06', '07', '08']) {
      await sweepAt(bj(`2025-12-${day}T09:00:00`));
      await sweepAt(bj(`2025-12-${day}T18:00:00`));
    }
    expect(smtp.mails.length).toBe(preview.messages.firstWeek);
    // Past the grace: the overdue notice (10th), the unit heads (11th); still nothing to the presidium until the 12th.
    for (const day of ['09', '10', '11']) {
      await sweepAt(bj(`2025-12-${day}T09:00:00`));
      await sweepAt(bj(`2025-12-${day}T18:00:00`));
    }
    for (const p of presidium) expect(smtp.to(p)).toHaveLength(0);
    await sweepAt(bj('2025-12-12T09:00:00'));
    for (const p of presidium) expect(smtp.to(p)).toHaveLength(1);
  });

  it('补录: past-due tasks are recorded done with the note, audited, and nobody is chased', async () => {
    const db = t.app.get(DataSource);
    const plans = t.app.get(PlansService);
    const plan = await plans.create({
      orgId: t.admin.orgId,
      year: 2024,
      title: '2024年补录测试计划',
      items: [{ title: '召开第一季度例会', timeText: '第一季度', ownerId: null, unitId: null }],
    });
    await expect(plans.activate(plan.id, null, { pastDue: 'record' })).rejects.toMatchObject({
      status: 422,
      errors: { allowUnowned: [expect.stringContaining('召开第一季度例会')] },
    });
    const before = smtp.mails.length;
    const res = await plans.activate(plan.id, null, { pastDue: 'record', note: '年中补录：已于3月召开', allowUnowned: true });
    expect(res.pastDue).toEqual({ count: 1, choice: 'record', graceUntil: null });
    expect(res.unowned).toEqual([{ itemId: expect.any(Number), title: '召开第一季度例会' }]);
    const [task] = await db.getRepository(Task).find({ where: { planId: plan.id } });
    expect(task.status).toBe('done');
    const audit = await db.getRepository(AuditEvent).findOneByOrFail({ entityType: 'task', entityId: task.id, action: 'recorded' });
    expect(audit).toMatchObject({ fromStatus: 'open', toStatus: 'done', data: { note: '年中补录：已于3月召开' } });
    await t.app.get(SupervisionService).runSweep(t.clock.now());
    await t.app.get(SupervisionService).waitForIdle();
    expect(smtp.mails.length).toBe(before);
  });
});

describe(`补发 only after real downtime (${TEST_DB})`, () => {
  let t: TestApp;
  const smtp = new SmtpSink();
  const OWNER = 'qianqi@town.test';
  let sweep: (at: string) => Promise<void>;

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp('2024-03-01T01:00:00Z', { SMTP_PORT: String(smtp.port) });
    const sup = t.app.get(SupervisionService);
    sweep = async (at) => {
      t.clock.set(bj(at));
      await sup.runSweep(t.clock.now());
      await sup.waitForIdle();
    };
    await activatedOneItemPlan(t, { unitName: '镇党政办', owner: { name: '钱七', email: OWNER }, title: '开展专题调研', timeText: '3月份' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('a sweep after a gap longer than supervision.catchUpHorizonHours says 补发; the next, a day later, does not', async () => {
    await sweep('2024-03-01T09:00:00'); // the first sweep: nothing before it, so no downtime
    for (const m of smtp.to(OWNER)) expect(m.body).not.toContain('补发');
    const before = smtp.to(OWNER).length;
    // No sweep from 1 March to 28 March 10:00: the before-5 reminder (25 March 09:00) fell due 73 h ago.
    await sweep('2024-03-28T10:00:00');
    const late = smtp.to(OWNER).slice(before);
    expect(late).toHaveLength(1);
    expect(late[0].body).toContain('督查系统曾中断运行，以下是中断期间应发的提醒，合并补发');
    expect(late[0].body).toContain('开展专题调研（2024年3月）｜截止 2024年3月31日（周日）');
    // Sweeps again the next day (before-1, 29 March 09:00): an ordinary reminder.
    await sweep('2024-03-29T09:00:00');
    const next = smtp.to(OWNER).slice(before + 1);
    expect(next).toHaveLength(1);
    expect(next[0].body).toContain('还有 1 个工作日到期');
    expect(next[0].body).not.toContain('补发');
    expect(next[0].body).not.toContain('中断');
  });
});

describe(`GET /api (${TEST_DB})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('2024-01-02T01:00:00Z', { DUCHA_PUBLIC_URL: PUBLIC });
  });
  afterAll(() => t.close());
  it('answers with links to the docs and the app, without a token', async () => {
    const res = await t.http.get('/api').expect(200);
    expect(res.body.links).toMatchObject({ app: `${PUBLIC}/`, docs: `${PUBLIC}/api/docs`, openapi: `${PUBLIC}/api/docs-json` });
    expect(res.body.message).toContain('接口文档');
  });
});
