import { createTestApp, TEST_DB, type TestApp } from './support/test-app.js';

const TEN_ITEMS = [
  { title: '传达贯彻中央、省市县有关文件和会议精神', timeText: '1—2月份' },
  { title: '开展一次廉政风险防控建设专题教育活动', timeText: '3—4月份' },
  { title: '开展一次主要领导廉政党课活动', timeText: '5月份' },
  { title: '举办一次廉政文化进农机活动', timeText: '6—7月份' },
  { title: '召开一次党风廉政建设座谈会', timeText: '8月份' },
  { title: '进行一次党风廉政建设“回头看”', timeText: '9—10月份' },
  { title: '总结与整改', timeText: '11—12月份' },
  { title: '召开乡十一届五次人大工作例会', timeText: '拟在第四季度召开' },
  { title: '人大代表走基层活动', timeText: '每月开展一次' },
  { title: '代表联系选民活动', timeText: '每季度开展一次活动' },
];
const EXPECTED_TASKS = 7 + 1 + 12 + 4;

describe(`foundation API on ${TEST_DB}`, () => {
  let t: TestApp;
  let orgId: number;
  let unitId: number;
  let ownerId: number;

  beforeAll(async () => {
    t = await createTestApp('2024-01-02T01:00:00Z');
    // Everyone is confined to their own org: the suite works in the first admin's org.
    orgId = (await t.api.patch(`/api/orgs/${t.admin.orgId}`).send({ name: '某某镇人大主席团' }).expect(200)).body.id;
    unitId = (await t.api.post('/api/units').send({ orgId, name: '镇人大主席团' }).expect(201)).body.id;
    ownerId = (
      await t.api
        .post('/api/people')
        .send({ orgId, unitId, name: '张三', roles: ['staff'], email: 'zhangsan@example.cn' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t?.close());

  async function counts() {
    const plans = (await t.api.get('/api/plans').expect(200)).body.length;
    const tasks = (await t.api.get('/api/tasks').expect(200)).body.total;
    return { plans, tasks };
  }

  it('reports health of database and Redis', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'ok', redis: 'ok', now: '2024-01-02T01:00:00.000Z' });
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    expect(res.body.paths['/api/plans/{id}/activate']).toBeDefined();
    expect(res.body.paths['/api/tasks']).toBeDefined();
  });

  it('activates a plan of ten items into the right tasks, and activating again adds none', async () => {
    const created = await t.api
      .post('/api/plans')
      .send({ orgId, year: 2024, title: '2024年纪检工作计划', items: TEN_ITEMS.map((i) => ({ ...i, ownerId, unitId })) })
      .expect(201);
    expect(created.body.status).toBe('draft');
    expect(created.body.items).toHaveLength(10);
    expect(created.body.items[1].schedule).toEqual({ window: { start: '03', end: '04' }, deadline: null, recurrence: null, times: null, year: null });

    const first = await t.api.post(`/api/plans/${created.body.id}/activate`).expect(200);
    expect(first.body).toMatchObject({ created: EXPECTED_TASKS, tasks: EXPECTED_TASKS, status: 'active' });
    const again = await t.api.post(`/api/plans/${created.body.id}/activate`).expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, cancelled: 0, tasks: EXPECTED_TASKS });

    const list = await t.api.get('/api/tasks').query({ plan: created.body.id, pageSize: 100 }).expect(200);
    expect(list.body.total).toBe(EXPECTED_TASKS);
    const sept = list.body.items.find((x: { label: string }) => x.label === '2024年9—10月');
    expect(sept).toMatchObject({ startDay: '2024-09-01', dueDay: '2024-10-31', dueAt: '2024-10-31T15:59:59.999Z', status: 'scheduled', ownerId, unitId });
    const jan = list.body.items.find((x: { label: string }) => x.label === '2024年1—2月');
    expect(jan.status).toBe('open');
    // the 例会 "拟在第四季度" and the Q4 occurrence of the quarterly item
    const q4 = list.body.items.filter((x: { label: string }) => x.label === '2024年第四季度');
    expect(q4.map((x: { startDay: string; dueDay: string }) => [x.startDay, x.dueDay])).toEqual([
      ['2024-10-01', '2024-12-31'],
      ['2024-10-01', '2024-12-31'],
    ]);
  });

  it('filters tasks by owner, status, month, quarter and overdue, with paging', async () => {
    const byMonth = await t.api.get('/api/tasks').query({ month: '2024-03', owner: ownerId }).expect(200);
    // 3—4月 window, the March monthly task and Q1 quarterly task overlap March
    expect(byMonth.body.items.map((x: { label: string }) => x.label).sort()).toEqual(['2024年3—4月', '2024年3月', '2024年第一季度'].sort());
    const q4 = await t.api.get('/api/tasks').query({ quarter: '2024-Q4' }).expect(200);
    expect(q4.body.total).toBe(1 + 1 + 1 + 3 + 1); // 9—10月, 11—12月, 第四季度例会, Oct–Dec monthly, Q4 quarterly
    const paged = await t.api.get('/api/tasks').query({ page: 2, pageSize: 10 }).expect(200);
    expect(paged.body).toMatchObject({ page: 2, pageSize: 10, total: EXPECTED_TASKS });
    expect(paged.body.items).toHaveLength(10);
    const open = await t.api.get('/api/tasks').query({ status: 'open' }).expect(200);
    expect(open.body.items.every((x: { status: string }) => x.status === 'open')).toBe(true);
    expect((await t.api.get('/api/tasks').query({ overdue: true }).expect(200)).body.total).toBe(0);

    t.clock.set('2024-03-05T02:00:00Z'); // Jan and Feb monthly tasks are now overdue (window tick not run: still counted)
    const overdue = await t.api.get('/api/tasks').query({ overdue: 'true' }).expect(200);
    expect(overdue.body.items.map((x: { label: string }) => x.label)).toEqual(['2024年1月', '2024年1—2月', '2024年2月']);
    expect(overdue.body.items[0]).toMatchObject({ overdue: true, light: 'red', daysOverdue: 34 });
    t.clock.set('2024-01-02T01:00:00Z');
  });

  it('stores a person’s reminder channel (企业微信 group robot)', async () => {
    const res = await t.api
      .post('/api/people')
      .send({ orgId, name: '王五', roles: ['staff'], notifyChannel: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x' })
      .expect(201);
    expect(res.body).toMatchObject({ notifyChannel: 'wecom' });
    const again = await t.api.patch(`/api/people/${res.body.id}`).send({ notifyChannel: 'email' }).expect(200);
    expect(again.body.notifyChannel).toBe('email');
  });

  it('lets an admin override the org’s reminder policy, checked like the config', async () => {
    const before = await t.api.get(`/api/orgs/${orgId}/policy`).expect(200);
    expect(before.body).toMatchObject({ reminderWorkingDaysBefore: [5, 1], quietStart: '20:00' });
    const after = await t.api
      .put(`/api/orgs/${orgId}/policy`)
      .send({ reminderWorkingDaysBefore: [3], presidiumAlertTime: '08:30' })
      .expect(200);
    expect(after.body).toMatchObject({ reminderWorkingDaysBefore: [3], presidiumAlertTime: '08:30', quietStart: '20:00' });
    expect((await t.api.get(`/api/orgs/${orgId}/policy`).expect(200)).body.reminderWorkingDaysBefore).toEqual([3]);
    const bad = await t.api.put(`/api/orgs/${orgId}/policy`).send({ quietStart: '25:00', level2AfterWorkingDays: -1, colour: 'red' }).expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['colour', 'level2AfterWorkingDays', 'quietStart']);
    const staff = await t.addUser({ name: '赵六', roles: ['staff'] });
    await staff.http
      .put(`/api/orgs/${orgId}/policy`)
      .send({ reminderWorkingDaysBefore: [1] })
      .expect(403);
    await t.api
      .put(`/api/orgs/${orgId}/policy`)
      .send({ reminderWorkingDaysBefore: [5, 1], presidiumAlertTime: '09:00' })
      .expect(200);
  });

  it('shows a task with its audit history', async () => {
    const list = await t.api.get('/api/tasks').query({ pageSize: 1 }).expect(200);
    const detail = await t.api.get(`/api/tasks/${list.body.items[0].id}`).expect(200);
    expect(detail.body.history).toEqual([expect.objectContaining({ action: 'created', toStatus: 'open', entityType: 'task' })]);
  });

  it('re-plans open future tasks when an item schedule changes, and keeps past ones', async () => {
    const plan = (
      await t.api
        .post('/api/plans')
        .send({ orgId, year: 2024, title: '调整测试', items: [{ title: '走访', timeText: '每月', ownerId }] })
        .expect(201)
    ).body;
    await t.api.post(`/api/plans/${plan.id}/activate`).expect(200);
    t.clock.set('2024-06-15T04:00:00Z');
    const res = await t.api.patch(`/api/items/${plan.items[0].id}`).send({ timeText: '每季度' }).expect(200);
    expect(res.body.schedule.recurrence).toBe('quarterly');
    const tasks = (await t.api.get('/api/tasks').query({ plan: plan.id, pageSize: 100 }).expect(200)).body.items as Array<{
      periodKey: string;
      status: string;
    }>;
    const live = tasks
      .filter((x) => x.status !== 'cancelled')
      .map((x) => x.periodKey)
      .sort();
    // Jan–May monthly tasks are past and kept; June–Dec are cancelled; all four quarters are created (Q1 already overdue)
    expect(live).toEqual(['2024-M01', '2024-M02', '2024-M03', '2024-M04', '2024-M05', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(
      tasks
        .filter((x) => x.status === 'cancelled')
        .map((x) => x.periodKey)
        .sort(),
    ).toEqual(['2024-M06', '2024-M07', '2024-M08', '2024-M09', '2024-M10', '2024-M11', '2024-M12']);
    t.clock.set('2024-01-02T01:00:00Z');
  });

  describe('bad input gets a clear 4xx and changes nothing', () => {
    let before: { plans: number; tasks: number };
    beforeAll(async () => {
      before = await counts();
    });
    afterAll(async () => {
      expect(await counts()).toEqual(before);
    });

    it('rejects unknown fields with 422 keyed by field', async () => {
      const res = await t.api.post('/api/plans').send({ orgId, year: 2024, title: 'x', color: 'red' }).expect(422);
      expect(res.body).toMatchObject({ statusCode: 422, code: 'VALIDATION_FAILED', message: '请求参数有误', errors: { color: ['不允许的字段'] } });
      expect(res.body.requestId).toEqual(expect.any(String));
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|stack/i);
    });
    it('rejects an empty title', async () => {
      const res = await t.api.post('/api/plans').send({ orgId, year: 2024, title: '' }).expect(422);
      expect(res.body.errors.title).toContain('不能为空');
    });
    it('rejects month 13 and month 0 in a time phrase, quoting the phrase', async () => {
      const res = await t.api
        .post('/api/plans')
        .send({ orgId, year: 2024, title: 'x', items: [{ title: 'a', timeText: '13月' }] })
        .expect(422);
      expect(res.body.errors['items.0.timeText'][0]).toContain('13月');
      expect(res.body.message).toContain('13月');
      const zero = await t.api
        .post('/api/plans')
        .send({ orgId, year: 2024, title: 'x', items: [{ title: 'a', timeText: '0月' }] })
        .expect(422);
      expect(zero.body.errors['items.0.timeText'][0]).toContain('0月');
    });
    it('rejects month 13 in a structured schedule', async () => {
      const res = await t.api
        .post('/api/plans')
        .send({ orgId, year: 2024, title: 'x', items: [{ title: 'a', schedule: { window: { start: '13', end: '13' } } }] })
        .expect(422);
      expect(Object.keys(res.body.errors)).toContain('items.0.schedule.window.start');
    });
    it('rejects year 1800', async () => {
      const res = await t.api.post('/api/plans').send({ orgId, year: 1800, title: 'x' }).expect(422);
      expect(res.body.errors.year).toEqual(['年度不能早于 2000']);
    });
    it('rejects an owner that does not exist', async () => {
      const res = await t.api
        .post('/api/plans')
        .send({ orgId, year: 2024, title: 'x', items: [{ title: 'a', ownerId: 99999 }] })
        .expect(422);
      expect(res.body.errors['items.0.ownerId'][0]).toContain('99999');
    });
    it('rejects a 10 MB body with 413', async () => {
      const res = await t.api
        .post('/api/plans')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ orgId, year: 2024, title: 'x', sourceText: 'x'.repeat(10 * 1024 * 1024) }))
        .expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, message: '请求体过大' });
    });
    it('rejects malformed JSON with 400', async () => {
      const res = await t.api.post('/api/plans').set('content-type', 'application/json').send('{"orgId": 1,').expect(400);
      expect(res.body.message).toBe('请求体不是合法的 JSON');
    });
    it('answers 404 for unknown ids and 400 for ids that are not numbers', async () => {
      expect((await t.api.get('/api/plans/424242').expect(404)).body.message).toBe('工作计划不存在：424242');
      expect((await t.api.get('/api/tasks/424242').expect(404)).body.code).toBe('NOT_FOUND');
      await t.api.get('/api/tasks/abc').expect(400);
      await t.api.get('/api/nothing-here').expect(404);
    });
    it('rejects bad task filters', async () => {
      const res = await t.api.get('/api/tasks').query({ month: '2024-13', status: 'finished' }).expect(422);
      expect(Object.keys(res.body.errors).sort()).toEqual(['month', 'status']);
    });
    it('rejects an unknown reminder channel', async () => {
      const res = await t.api
        .post('/api/people')
        .send({ orgId, name: '李四', roles: ['staff'], notifyChannel: 'pigeon' })
        .expect(422);
      expect(res.body.errors.notifyChannel[0]).toContain('wecom');
    });
    it('rejects a person with an unknown role and a bad email', async () => {
      const res = await t.api
        .post('/api/people')
        .send({ orgId, name: '李四', roles: ['king'], email: 'not-an-email' })
        .expect(422);
      expect(Object.keys(res.body.errors).sort()).toEqual(['email', 'roles']);
    });
  });
});
