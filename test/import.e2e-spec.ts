import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, TEST_DB, type TestApp } from './support/test-app.js';

const SAMPLE = readFileSync(path.resolve('test/fixtures/township-work-plans.txt'));

interface ImportedPlan {
  id: number;
  title: string;
  year: number;
  status: string;
  items: Array<{
    id: number;
    title: string;
    schedule: unknown;
    unitId: number | null;
    ownerId: number | null;
    sectionPath: string[];
    evidenceRequirements: unknown[];
  }>;
  review: Array<{ itemId: number; confidence: number; unitCandidates: Array<{ id: number }>; ownerCandidates: Array<{ id: number }> }>;
}

describe(`plan import on ${TEST_DB}`, () => {
  let t: TestApp;
  let plans: ImportedPlan[];
  let unitId: number;
  let headId: number;

  beforeAll(async () => {
    t = await createTestApp('2024-01-02T01:00:00Z');
    const unit = (await t.api.post('/api/units').send({ orgId: t.admin.orgId, name: '局纪检' }).expect(201)).body;
    headId = (
      await t.api
        .post('/api/people')
        .send({ orgId: t.admin.orgId, unitId: unit.id, name: '纪检组长', roles: ['unit_head'] })
        .expect(201)
    ).body.id;
    await t.api.patch(`/api/units/${unit.id}`).send({ headId }).expect(200);
    unitId = unit.id;
  });
  afterAll(() => t?.close());

  const planCount = async () => (await t.api.get('/api/plans').expect(200)).body.length as number;

  it('imports the sample document as its seven draft plans, with windows and review hints', async () => {
    const res = await t.api.post('/api/plans/import').field('year', '2024').attach('file', SAMPLE, '乡镇人大工作计划.txt').expect(201);
    plans = res.body.plans;
    expect(plans).toHaveLength(7);
    expect(plans.every((p) => p.status === 'draft')).toBe(true);
    // 篇5 reports a past year's work: a plan with no commitments to supervise; the others have items
    expect(plans.map((p) => p.items.length > 0)).toEqual([true, true, true, true, false, true, true]);
    const first = plans[0];
    expect(first.title).toContain('篇1');
    // the plan names 2018; the year asked for wins (offices re-use last year's plan), and the import says so
    expect(first.year).toBe(2024);
    expect(res.body.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/篇1.*2018年.*2024年/)]));
    const march = first.items.find((i) => i.title.includes('廉政风险防控'));
    expect(march?.schedule).toEqual({ window: { start: '03', end: '04' }, deadline: null, recurrence: null, times: 1, year: 2024 });
    expect(march?.sectionPath.length).toBeGreaterThan(0);
    expect(first.review).toHaveLength(first.items.length);
    expect(first.review.every((r) => r.confidence > 0 && r.confidence <= 1)).toBe(true);
    // a unit the text names is assigned when it matches exactly; its head is the first owner candidate
    const discipline = first.review.find((r) => first.items.find((i) => i.id === r.itemId)?.unitId === unitId);
    expect(discipline?.ownerCandidates[0]).toMatchObject({ id: headId });
    const p4 = plans[3];
    const rectify = p4.items.find((i) => JSON.stringify(i.schedule).includes('10-end'));
    expect(rectify).toBeDefined();
  });

  it('activates an imported plan into its tasks', async () => {
    // Imported items have no owner yet: activating them needs the office's explicit allowUnowned (issue #12).
    const refused = await t.api.post(`/api/plans/${plans[0].id}/activate`).expect(422);
    expect(refused.body.errors.allowUnowned[0]).toContain('未指定责任人的事项');
    expect(refused.body.message).toMatch(/^有 \d+ 个事项未指定责任人/);
    const res = await t.api.post(`/api/plans/${plans[0].id}/activate`).send({ allowUnowned: true }).expect(200);
    expect(res.body.created).toBeGreaterThanOrEqual(7);
    expect(res.body.unowned.length).toBeGreaterThanOrEqual(7);
    const tasks = await t.api.get('/api/tasks').query({ plan: plans[0].id, pageSize: 200 }).expect(200);
    expect(tasks.body.items.map((x: { label: string }) => x.label)).toEqual(expect.arrayContaining(['2024年3—4月', '2024年9—10月']));
  });

  it('imports plain text sent as JSON', async () => {
    const res = await t.api
      .post('/api/plans/import')
      .send({ text: '2024年工作计划\n一、学习\n1、3月份，召开一次座谈会。\n2、每季度开展一次走访活动。', year: 2024, title: '测试计划' })
      .expect(201);
    expect(res.body.plans).toHaveLength(1);
    expect(res.body.plans[0].items.map((i: { schedule: { recurrence: string | null } }) => i.schedule.recurrence)).toEqual([null, 'quarterly']);
  });

  it('imports a Word document', async () => {
    const doc = new Document({
      sections: [
        {
          children: ['2024年镇人大主席团工作计划', '一、会议', '1、拟在第四季度召开人大工作例会。', '2、5月份，开展一次代表培训。'].map(
            (text) => new Paragraph({ text }),
          ),
        },
      ],
    });
    const buffer = await Packer.toBuffer(doc);
    const res = await t.api.post('/api/plans/import').field('year', '2024').attach('file', buffer, 'plan.docx').expect(201);
    const items = res.body.plans[0].items;
    expect(items.map((i: { schedule: { window: unknown } }) => i.schedule.window)).toEqual([
      { start: '10', end: '12' },
      { start: '05', end: '05' },
    ]);
    expect(items[1].evidenceRequirements.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['签到表']));
  });

  it('imports every row of a Word table with its unit, owner, confidence and reasons, and stores them', async () => {
    const org = t.admin.orgId;
    const safety = (await t.api.post('/api/units').send({ orgId: org, name: '安全生产监督管理站' }).expect(201)).body.id as number;
    const office = (await t.api.post('/api/units').send({ orgId: org, name: '党政办' }).expect(201)).body.id as number;
    const wang = (
      await t.api
        .post('/api/people')
        .send({ orgId: org, unitId: office, name: '王晓明', roles: ['staff'] })
        .expect(201)
    ).body.id as number;
    const cell = (text: string) => new TableCell({ children: [new Paragraph({ text })] });
    const rows = [
      ['序号', '工作任务', '完成时限', '责任单位', '责任人'],
      ['1', '开展企业安全隐患排查', '3月底前', '安监站', ''],
      ['2', '召开安全生产工作会议', '每季度一次', '党政办', '王晓明'],
      ['3', '组织应急演练', '6月', '安全生产监督管理站', ''],
      ['4', '开展安全生产月活动', '6月1日至6月30日', '党政办', ''],
    ];
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: '2024年安全生产工作任务分解表' }),
            new Table({ rows: rows.map((r) => new TableRow({ children: r.map(cell) })) }),
            new Paragraph({ text: '各单位要按时限完成。' }),
          ],
        },
      ],
    });
    const buffer = await Packer.toBuffer(doc);
    const res = await t.api.post('/api/plans/import').field('year', '2024').attach('file', buffer, '任务分解表.docx').expect(201);
    const [plan] = res.body.plans;
    expect(plan.title).toBe('2024年安全生产工作任务分解表');
    type Item = ImportedPlan['items'][number] & { confidence: number; reviewReasons: string[]; unitWritten: string; ownerWritten: string | null };
    // the table's rows, in order; the sentence after the table is an undated item of its own
    const items = (plan.items as Item[]).filter((i) => i.schedule !== null);
    expect(plan.items).toHaveLength(5);
    expect(items.map((i) => [i.title, i.unitId])).toEqual([
      ['开展企业安全隐患排查', safety],
      ['召开安全生产工作会议', office],
      ['组织应急演练', safety],
      ['开展安全生产月活动', office],
    ]);
    expect(items.map((i) => i.schedule)).toEqual([
      { window: null, deadline: '03-end', recurrence: null, times: null, year: 2024 },
      { window: null, deadline: null, recurrence: 'quarterly', times: 1, year: 2024 },
      { window: { start: '06', end: '06' }, deadline: null, recurrence: null, times: null, year: 2024 },
      { window: { start: '06', end: '06' }, deadline: '06-30', recurrence: null, times: null, year: 2024 },
    ]);
    expect(items[1].ownerId).toBe(wang);
    // the short form is matched, and the reviewer is told
    expect(items[0].unitWritten).toBe('安监站');
    expect(items[0].reviewReasons.join()).toContain('安监站');
    expect(res.body.reviewThreshold).toBeGreaterThan(0);
    // the review data is stored with the items, not only returned once
    const stored = (await t.api.get(`/api/plans/${plan.id}/items`).expect(200)).body as Item[];
    expect(stored.map((i) => [i.unitId, i.confidence, i.unitWritten])).toEqual((plan.items as Item[]).map((i) => [i.unitId, i.confidence, i.unitWritten]));
    expect(stored.every((i) => i.confidence > 0 && Array.isArray(i.reviewReasons))).toBe(true);
    expect(stored[0]).toMatchObject({ unitCandidates: [expect.objectContaining({ id: safety, name: '安全生产监督管理站' })] });
    expect(stored[1]).toMatchObject({ ownerWritten: '王晓明', ownerCandidates: [expect.objectContaining({ id: wang, score: 1 })] });
  });

  it('exports a plan as a ledger, and importing the ledger gives the same plan', async () => {
    const res = await t.api
      .get(`/api/plans/${plans[0].id}/ledger.xlsx`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    expect(wb.worksheets[0].rowCount).toBeGreaterThanOrEqual(3 + plans[0].items.length);
    const again = await t.api
      .post('/api/plans/import')
      .attach('file', res.body as Buffer, 'ledger.xlsx')
      .expect(201);
    const back = again.body.plans[0] as ImportedPlan;
    expect(back.year).toBe(plans[0].year);
    const shape = (p: ImportedPlan) =>
      p.items.map((i) => ({ title: i.title, schedule: i.schedule, section: i.sectionPath, unitId: i.unitId, evidence: i.evidenceRequirements }));
    expect(shape(back)).toEqual(shape(plans[0]));
  });

  it('only admins import', async () => {
    const staff = await t.addUser({ name: '王五', roles: ['staff'] });
    const res = await staff.http.post('/api/plans/import').send({ text: '1、3月份召开会议。' }).expect(403);
    expect(res.body.message).toEqual(expect.any(String));
    await t.http.post('/api/plans/import').send({ text: '1、3月份召开会议。' }).expect(401);
  });

  describe('refuses bad files clearly and leaves nothing behind', () => {
    let before: number;
    beforeAll(async () => {
      before = await planCount();
    });
    afterAll(async () => {
      expect(await planCount()).toBe(before);
    });

    it('an empty file', async () => {
      const res = await t.api.post('/api/plans/import').attach('file', Buffer.alloc(0), 'empty.txt').expect(422);
      expect(res.body.code).toBe('EMPTY');
    });
    it('a binary file', async () => {
      const res = await t.api
        .post('/api/plans/import')
        .attach('file', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...Array(200).fill(0)]), 'plan.txt')
        .expect(422);
      expect(res.body.code).toBe('BINARY');
    });
    it('a malformed docx', async () => {
      const res = await t.api
        .post('/api/plans/import')
        .attach('file', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(300, 7)]), 'plan.docx')
        .expect(422);
      expect(res.body.message).toEqual(expect.stringMatching(/[\u4e00-\u9fff]/));
    });
    it('a malformed xlsx', async () => {
      await t.api.post('/api/plans/import').attach('file', Buffer.from('PK\x03\x04 not really a workbook'), 'ledger.xlsx').expect(422);
    });
    it('a 20 MB text file', async () => {
      const res = await t.api
        .post('/api/plans/import')
        .attach('file', Buffer.alloc(20 * 1024 * 1024, 'x'), 'big.txt')
        .expect(413);
      expect(res.body.statusCode).toBe(413);
    });
    it('text without any plan item', async () => {
      const res = await t.api.post('/api/plans/import').send({ text: '今天天气很好。' }).expect(422);
      expect(res.body.code).toBe('NO_ITEMS');
    });
    it('neither file nor text', async () => {
      await t.api.post('/api/plans/import').send({ year: 2024 }).expect(422);
    });
  });
});
