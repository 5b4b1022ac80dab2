import { DataSource } from 'typeorm';
import { addUser } from '../src/auth/auth.service.js';
import { NotificationMessage } from '../src/notifications/notification.entity.js';
import { createTestApp, TEST_DB, type AuthedHttp, type TestApp, type TestUser } from './support/test-app.js';

type Row = { id: number; itemId: number; title: string; ownerName: string | null; unitName: string | null; light: string; periodKey: string };
type Who = { name: string; http: AuthedHttp };

/**
 * The read models of the web pages (#9): names on task rows, owner=me, review queue, pending
 * extensions, board and its cells, overdue list, burden, schedule preview — each checked for every
 * role of the org and for another org's presidium.
 */
describe(`task views for the web app on ${TEST_DB}`, () => {
  let t: TestApp;
  let orgId: number;
  let unitA: number;
  let unitB: number;
  let unitC: number;
  let staffA: TestUser; // owns item A (unit A, 配合单位 C)
  let staffA2: TestUser; // owns item C (unit A)
  let staffB: TestUser; // owns item B (unit B)
  let staffC: TestUser; // unit C: reads item A's tasks as 配合单位
  let headA: TestUser;
  let presidium: TestUser;
  let outsider: Who; // presidium + admin of another org
  let march: number; // A, due 03-31: green
  let april: number; // A, due 04-30: green
  let feb: number; // B, due 02-29: red at 03-10
  let soon: number; // C, due 03-12: yellow at 03-10 (2 working days)
  let all: Who[];

  const ids = (rows: Row[]) => rows.map((r) => r.id).sort((a, b) => a - b);
  const sorted = (...xs: number[]) => [...xs].sort((a, b) => a - b);

  beforeAll(async () => {
    t = await createTestApp('2024-03-10T02:00:00Z'); // Sunday 10:00 in Beijing
    orgId = t.admin.orgId;
    unitA = (await t.api.post('/api/units').send({ orgId, name: '党政办' }).expect(201)).body.id;
    unitB = (await t.api.post('/api/units').send({ orgId, name: '财政所' }).expect(201)).body.id;
    unitC = (await t.api.post('/api/units').send({ orgId, name: '司法所' }).expect(201)).body.id;
    staffA = await t.addUser({ name: '张三', roles: ['staff'], unitId: unitA });
    staffA2 = await t.addUser({ name: '孙七', roles: ['staff'], unitId: unitA });
    staffB = await t.addUser({ name: '李四', roles: ['staff'], unitId: unitB });
    staffC = await t.addUser({ name: '王五', roles: ['staff'], unitId: unitC });
    headA = await t.addUser({ name: '赵主任', roles: ['staff', 'unit_head'], unitId: unitA });
    presidium = await t.addUser({ name: '钱主席', roles: ['presidium'] });
    const db = t.app.get(DataSource);
    const other = await addUser(db, t.clock, {
      email: 'other@ducha.test',
      name: '外镇主席',
      roles: ['presidium', 'admin'],
      orgName: '另一个镇',
      password: 'other-password-1',
    });
    expect(other.orgId).not.toBe(orgId);
    outsider = { name: 'outsider', http: t.as(await t.login('other@ducha.test', 'other-password-1')) };
    const plan = await t.api
      .post('/api/plans')
      .send({
        orgId,
        year: 2024,
        title: '2024年工作计划',
        items: [
          {
            title: '召开廉政专题会议',
            timeText: '3—4月份每月一次',
            ownerId: staffA.id,
            unitId: unitA,
            coUnitIds: [unitC],
            evidenceRequirements: [
              { kind: '会议记录', min: 1 },
              { kind: '照片', min: 2 },
            ],
          },
          { title: '财政资金检查', timeText: '2月份', ownerId: staffB.id, unitId: unitB, evidenceRequirements: [{ kind: '签到表', min: 1 }] },
          { title: '安全生产检查', timeText: '3月12日前', ownerId: staffA2.id, unitId: unitA },
        ],
      })
      .expect(201);
    await t.api.post(`/api/plans/${plan.body.id}/activate`).expect(200);
    const [itemA, itemB, itemC] = plan.body.items.map((i: { id: number }) => i.id);
    const rows = (await t.api.get('/api/tasks').query({ plan: plan.body.id }).expect(200)).body.items as Row[];
    [march, april] = rows
      .filter((r) => r.itemId === itemA)
      .sort((a, b) => a.periodKey.localeCompare(b.periodKey))
      .map((r) => r.id);
    feb = rows.find((r) => r.itemId === itemB)!.id;
    soon = rows.find((r) => r.itemId === itemC)!.id;
    expect([march, april, feb, soon].every(Boolean)).toBe(true);
    all = [
      { name: 'staffA', http: staffA.http },
      { name: 'staffA2', http: staffA2.http },
      { name: 'staffB', http: staffB.http },
      { name: 'staffC', http: staffC.http },
      { name: 'headA', http: headA.http },
      { name: 'presidium', http: presidium.http },
      { name: 'admin', http: t.api },
      outsider,
    ];
  });

  afterAll(async () => {
    await t?.close();
  });

  it('task rows carry the item title, owner and unit names, and the light', async () => {
    const rows = (await presidium.http.get('/api/tasks').expect(200)).body.items as Row[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(march)).toMatchObject({ title: '召开廉政专题会议', ownerName: '张三', unitName: '党政办', light: 'green' });
    expect(byId.get(feb)).toMatchObject({ title: '财政资金检查', ownerName: '李四', unitName: '财政所', light: 'red' });
    expect(byId.get(soon)).toMatchObject({ title: '安全生产检查', ownerName: '孙七', light: 'yellow' });
  });

  it('lists for every role exactly what access.ts lets them read; owner=me is the caller', async () => {
    const expected: Record<string, number[]> = {
      staffA: [march, april],
      staffA2: [soon],
      staffB: [feb],
      staffC: [march, april], // 配合单位
      headA: [march, april, soon],
      presidium: [march, april, feb, soon],
      admin: [march, april, feb, soon],
      outsider: [],
    };
    for (const who of all) {
      const res = await who.http.get('/api/tasks').expect(200);
      expect([who.name, ids(res.body.items)]).toEqual([who.name, sorted(...expected[who.name])]);
      expect(res.body.total).toBe(expected[who.name].length);
    }
    expect(ids((await staffA.http.get('/api/tasks').query({ owner: 'me' }).expect(200)).body.items)).toEqual(sorted(march, april));
    expect(ids((await headA.http.get('/api/tasks').query({ owner: 'me' }).expect(200)).body.items)).toEqual([]);
    expect(ids((await headA.http.get('/api/tasks').query({ owner: staffA2.id }).expect(200)).body.items)).toEqual([soon]);
    // staff B asking for A's tasks by id gets none of them
    expect(ids((await staffB.http.get('/api/tasks').query({ owner: staffA.id }).expect(200)).body.items)).toEqual([]);
    expect((await staffA.http.get('/api/tasks').query({ owner: 'him' }).expect(422)).body.errors.owner[0]).toContain('责任人');
    await outsider.http.get('/api/tasks').query({ org: orgId }).expect(403);
  });

  it('filters the list by light, matching the rows’ own light', async () => {
    for (const light of ['red', 'yellow', 'green']) {
      const rows = (await presidium.http.get('/api/tasks').query({ light }).expect(200)).body.items as Row[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.light === light)).toBe(true);
    }
    expect(ids((await presidium.http.get('/api/tasks').query({ light: 'yellow' })).body.items)).toEqual([soon]);
    await presidium.http.get('/api/tasks').query({ light: 'blue' }).expect(422);
  });

  it('the board counts unit × due month × light in the database, for what each role may read', async () => {
    const board = (await presidium.http.get('/api/board').query({ year: 2024 }).expect(200)).body;
    expect(board.today).toBe('2024-03-10');
    expect(board.units.map((u: { unitName: string }) => u.unitName)).toEqual(['党政办', '财政所', '司法所']);
    const cell = (b: typeof board, unitId: number, month: string) =>
      b.cells.find((c: { unitId: number; month: string }) => c.unitId === unitId && c.month === month);
    expect(cell(board, unitA, '2024-03')).toMatchObject({ unitName: '党政办', red: 0, yellow: 1, green: 1, total: 2 });
    expect(cell(board, unitA, '2024-04')).toMatchObject({ green: 1, total: 1 });
    expect(cell(board, unitB, '2024-02')).toMatchObject({ red: 1, total: 1 });
    expect(board.cells).toHaveLength(3);
    const mine = (await staffB.http.get('/api/board').query({ year: 2024 }).expect(200)).body;
    expect(mine.cells).toEqual([{ unitId: unitB, unitName: '财政所', month: '2024-02', red: 1, yellow: 0, green: 0, total: 1 }]);
    expect((await outsider.http.get('/api/board').query({ year: 2024 }).expect(200)).body.cells).toEqual([]);
    const red = (await presidium.http.get('/api/board').query({ year: 2024, light: 'red' }).expect(200)).body;
    expect(red.cells.map((c: { total: number }) => c.total)).toEqual([1]);
    expect((await presidium.http.get('/api/board').query({ year: 2023 }).expect(200)).body.cells).toEqual([]);
    expect((await presidium.http.get('/api/board').query({}).expect(422)).body.errors.year).toEqual(['必填']); // a missing field says it is required (validation.ts)
  });

  it('a board cell opens its task list', async () => {
    const cellRows = (await presidium.http.get('/api/board/tasks').query({ year: 2024, month: 3, unit: unitA }).expect(200)).body;
    expect(ids(cellRows.items)).toEqual(sorted(march, soon));
    expect(ids((await presidium.http.get('/api/board/tasks').query({ year: 2024, month: 3, unit: unitA, light: 'yellow' })).body.items)).toEqual([soon]);
    expect((await presidium.http.get('/api/board/tasks').query({ year: 2024, month: 3, unit: 'none' }).expect(200)).body.items).toEqual([]);
    expect(ids((await staffC.http.get('/api/board/tasks').query({ year: 2024, month: 3, unit: unitA })).body.items)).toEqual([march]);
    expect((await outsider.http.get('/api/board/tasks').query({ year: 2024, month: 3, unit: unitA }).expect(200)).body.items).toEqual([]);
    expect((await presidium.http.get('/api/board/tasks').query({ year: 2024, month: 13 }).expect(422)).body.errors.month[0]).toContain('月份');
  });

  it('the overdue list gives days overdue, escalation level, owner, unit and missing evidence', async () => {
    const res = (await presidium.http.get('/api/overdue').expect(200)).body;
    expect(res.items).toHaveLength(1);
    expect(res.items[0]).toMatchObject({
      id: feb,
      title: '财政资金检查',
      ownerName: '李四',
      unitName: '财政所',
      daysOverdue: 10,
      escalationLevel: 0,
      missing: [{ kind: '签到表', min: 1, count: 0 }],
    });
    expect(ids((await staffB.http.get('/api/overdue').expect(200)).body.items)).toEqual([feb]);
    for (const who of [staffA, staffC, headA]) expect((await who.http.get('/api/overdue').expect(200)).body.items).toEqual([]);
    expect((await outsider.http.get('/api/overdue').expect(200)).body.items).toEqual([]);
  });

  it('the review queue holds submitted tasks the caller may review, never their own; a return pins the comment on the task', async () => {
    await staffA2.http.post(`/api/tasks/${soon}/submit`).send({}).expect(200);
    t.clock.advance(60_000);
    await staffB.http.post(`/api/tasks/${feb}/evidence`).send({ note: '签到表已上传', kind: '签到表' }).expect(201);
    await staffB.http.post(`/api/tasks/${feb}/submit`).send({}).expect(200);
    const queue = (who: Who | TestUser) => who.http.get('/api/review-queue').expect(200);
    expect(ids((await queue(presidium)).body.items)).toEqual(sorted(soon, feb));
    expect((await queue(presidium)).body.items.map((r: Row) => r.id)).toEqual([soon, feb]); // oldest submission first
    expect(ids((await queue(headA)).body.items)).toEqual([soon]);
    for (const who of [staffA, staffA2, staffB, staffC, outsider]) expect([(await queue(who)).body.items]).toEqual([[]]);
    expect((await queue(t.admin)).body.items).toEqual([]); // admins cancel, they do not review

    await presidium.http.post(`/api/tasks/${soon}/return`).send({ comment: '缺少检查记录，请补充' }).expect(200);
    expect(ids((await queue(presidium)).body.items)).toEqual([feb]);
    const detail = (await staffA2.http.get(`/api/tasks/${soon}`).expect(200)).body;
    expect(detail).toMatchObject({ status: 'returned', returnComment: '缺少检查记录，请补充', title: '安全生产检查', ownerName: '孙七', unitName: '党政办' });
    expect(detail.history.map((e: { action: string; actorName: string }) => [e.action, e.actorName])).toContainEqual(['returned', '钱主席']);
    await presidium.http.post(`/api/tasks/${feb}/accept`).send({}).expect(200);
  });

  it('pending extension requests are listed to those who may decide them', async () => {
    await staffA.http.post(`/api/tasks/${april}/extensions`).send({ newDueDay: '2024-05-31', reason: '等待上级文件', progress: '已起草方案' }).expect(201);
    const pending = (who: Who | TestUser) => who.http.get('/api/extensions/pending').expect(200);
    const list = (await pending(presidium)).body.items;
    expect(list).toEqual([
      expect.objectContaining({
        taskId: april,
        title: '召开廉政专题会议',
        ownerName: '张三',
        unitName: '党政办',
        requestedByName: '张三',
        reason: '等待上级文件',
        progress: '已起草方案',
        requestedDueDay: '2024-05-31',
        previousDueDay: '2024-04-30',
      }),
    ]);
    expect((await pending(headA)).body.items.map((e: { taskId: number }) => e.taskId)).toEqual([april]);
    for (const who of [staffA, staffB, staffC, outsider]) expect([(await pending(who)).body.total]).toEqual([0]);
    const detail = (await staffA.http.get(`/api/tasks/${april}`).expect(200)).body;
    expect(detail.pendingExtension).toMatchObject({ requestedDueDay: '2024-05-31', status: 'pending' });
    expect(detail).toMatchObject({ title: '召开廉政专题会议', timeText: '3—4月份每月一次', ownerName: '张三', unitName: '党政办' });
    expect(detail.evidenceRequirements).toEqual([
      { kind: '会议记录', min: 1 },
      { kind: '照片', min: 2 },
    ]);
    expect(detail.evidence.missing.map((r: { kind: string }) => r.kind)).toEqual(['会议记录', '照片']);
    await presidium.http.post(`/api/extensions/${list[0].id}/approve`).send({}).expect(200);
    expect((await pending(presidium)).body.items).toEqual([]);
    expect((await staffA.http.get(`/api/tasks/${april}`).expect(200)).body).toMatchObject({ dueDay: '2024-05-31', pendingExtension: null });
  });

  it('task detail is refused to those who may not read it, in Chinese', async () => {
    expect((await staffB.http.get(`/api/tasks/${march}`).expect(403)).body.message).toContain('无权查看');
    await outsider.http.get(`/api/tasks/${march}`).expect(403);
    expect((await staffC.http.get(`/api/tasks/${march}`).expect(200)).body.title).toBe('召开廉政专题会议');
    await staffA.http.get('/api/tasks/999999').expect(404);
  });

  it('the burden view counts tasks due, uploads asked for and messages sent per person and month, for admins and presidium only', async () => {
    // One delivered digest to 张三 in March (Beijing time), as the delivery worker records it.
    const db = t.app.get(DataSource);
    const sentAt = Date.parse('2024-03-31T16:30:00Z'); // 2024-04-01 00:30 in Beijing: counts for April
    await db.getRepository(NotificationMessage).insert({
      key: `digest:${staffA.id}:1`,
      kind: 'digest',
      orgId,
      recipientId: staffA.id,
      status: 'sent',
      sentAt: new Date(sentAt),
      createdAt: new Date(sentAt),
      updatedAt: new Date(sentAt),
    });
    const body = (await t.api.get('/api/burden').query({ year: 2024 }).expect(200)).body;
    const person = (id: number) => body.people.find((p: { personId: number }) => p.personId === id);
    const month = (id: number, m: string) => person(id).months.find((x: { month: string }) => x.month === m);
    expect(person(staffA.id)).toMatchObject({ name: '张三', unitName: '党政办' });
    expect(person(staffA.id).months).toHaveLength(12);
    expect(month(staffA.id, '2024-03')).toEqual({ month: '2024-03', tasksDue: 1, uploadsAsked: 3, messagesSent: 0 });
    expect(month(staffA.id, '2024-04')).toEqual({ month: '2024-04', tasksDue: 0, uploadsAsked: 0, messagesSent: 1 }); // extended to May
    expect(month(staffA.id, '2024-05')).toEqual({ month: '2024-05', tasksDue: 1, uploadsAsked: 3, messagesSent: 0 });
    expect(month(staffB.id, '2024-02')).toMatchObject({ tasksDue: 1, uploadsAsked: 1 });
    expect(person(staffC.id)).toBeUndefined(); // nothing asked of them
    // fixed order: by unit, then person — not by load
    expect(body.people.map((p: { personId: number }) => p.personId)).toEqual([staffA.id, staffA2.id, staffB.id]);
    expect((await presidium.http.get('/api/burden').query({ year: 2024, unit: unitB }).expect(200)).body.people.map((p: { name: string }) => p.name)).toEqual([
      '李四',
    ]);
    for (const who of [staffA, headA]) expect((await who.http.get('/api/burden').query({ year: 2024 }).expect(403)).body.message).toContain('减负');
    expect((await outsider.http.get('/api/burden').query({ year: 2024 }).expect(200)).body.people).toEqual([]);
  });

  it('previews a time phrase as activation would expand it, or says in Chinese why it cannot be read', async () => {
    const res = (await staffA.http.post('/api/schedule/preview').send({ text: '3—4月份', year: 2024 }).expect(200)).body;
    expect(res.schedule).toMatchObject({ window: { start: '03', end: '04' } });
    expect(res.tasks).toEqual([expect.objectContaining({ start: '2024-03-01', dueDay: '2024-04-30', due: '2024-04-30T15:59:59.999Z' })]);
    const monthly = (await t.api.post('/api/schedule/preview').send({ text: '每月', year: 2025 }).expect(200)).body;
    expect(monthly.tasks).toHaveLength(12);
    expect(monthly.tasks[1]).toMatchObject({ dueDay: '2025-02-28' });
    const bad = await t.api.post('/api/schedule/preview').send({ text: '择机开展', year: 2024 }).expect(422);
    expect(bad.body.errors.text[0]).toMatch(/[\u4e00-\u9fff]/);
    expect((await t.api.post('/api/schedule/preview').send({ text: '3月' }).expect(422)).body.errors.year).toBeDefined();
    await t.http.post('/api/schedule/preview').send({ text: '3月', year: 2024 }).expect(401);
  });

  it('documents every view in OpenAPI with a Chinese summary', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    const routes: Array<[string, string]> = [
      ['/api/tasks', 'get'],
      ['/api/tasks/{id}', 'get'],
      ['/api/review-queue', 'get'],
      ['/api/extensions/pending', 'get'],
      ['/api/board', 'get'],
      ['/api/board/tasks', 'get'],
      ['/api/overdue', 'get'],
      ['/api/burden', 'get'],
      ['/api/schedule/preview', 'post'],
    ];
    for (const [p, m] of routes) expect([p, doc.paths[p]?.[m]?.summary]).toEqual([p, expect.stringMatching(/[\u4e00-\u9fff]/)]);
  });
});
