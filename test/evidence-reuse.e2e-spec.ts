import { DataSource } from 'typeorm';
import { addUser } from '../src/auth/auth.service.js';
import { jpeg, pdf } from './support/files.js';
import { createTestApp, TEST_DB, type TestApp, type TestUser } from './support/test-app.js';

/**
 * 同类材料最多报一次: an owner offered their own earlier uploads to attach to another task
 * (GET /api/files/mine), never anyone else's, and never another org's.
 */
describe(`reusing one's own earlier uploads on another task (${TEST_DB})`, () => {
  let t: TestApp;
  let a: TestUser;
  let b: TestUser;
  let task1: number;
  let task2: number;
  let taskB: number;
  let photoId: number;
  let pdfId: number;

  beforeAll(async () => {
    t = await createTestApp('2024-03-10T02:00:00Z');
    const orgId = t.admin.orgId;
    const unit = (await t.api.post('/api/units').send({ orgId, name: '党政办' }).expect(201)).body.id;
    a = await t.addUser({ name: '张三', roles: ['staff'], unitId: unit });
    b = await t.addUser({ name: '李四', roles: ['staff'], unitId: unit });
    const plan = await t.api
      .post('/api/plans')
      .send({
        orgId,
        year: 2024,
        title: '2024年工作计划',
        items: [
          { title: '召开廉政专题会议', timeText: '3月份', ownerId: a.id, unitId: unit, evidenceRequirements: [{ kind: '照片', min: 1 }] },
          { title: '开展廉政教育活动', timeText: '3月份', ownerId: a.id, unitId: unit, evidenceRequirements: [{ kind: '照片', min: 1 }] },
          { title: '财政资金检查', timeText: '3月份', ownerId: b.id, unitId: unit },
        ],
      })
      .expect(201);
    await t.api.post(`/api/plans/${plan.body.id}/activate`).expect(200);
    const tasks = (await t.api.get('/api/tasks').query({ plan: plan.body.id }).expect(200)).body.items as Array<{ id: number; ownerId: number }>;
    [task1, task2] = tasks.filter((x) => x.ownerId === a.id).map((x) => x.id);
    taskB = tasks.find((x) => x.ownerId === b.id)!.id;
    photoId = (await a.http.post(`/api/tasks/${task1}/evidence/files`).field('kind', '照片').attach('file', jpeg(), '会议现场.jpg').expect(201)).body.file.id;
    t.clock.set(new Date('2024-03-11T02:00:00Z'));
    pdfId = (await a.http.post('/api/files').attach('file', pdf(), '会议纪要.pdf').expect(201)).body.id;
    await b.http.post(`/api/tasks/${taskB}/evidence/files`).attach('file', jpeg(), '检查现场.jpg').expect(201);
  });
  afterAll(() => t.close());

  it('lists the caller’s own uploads, newest first, with the kinds and the tasks each backs', async () => {
    const mine = (await a.http.get('/api/files/mine').expect(200)).body;
    expect(mine.map((f: { id: number }) => f.id)).toEqual([pdfId, photoId]);
    expect(mine[1]).toMatchObject({ originalName: '会议现场.jpg', mime: 'image/jpeg', kinds: ['照片'], tasks: [{ id: task1, itemTitle: '召开廉政专题会议' }] });
    expect(mine[0]).toMatchObject({ originalName: '会议纪要.pdf', kinds: [], tasks: [] });
    // Leaving out what is already on the task at hand; a limit.
    expect((await a.http.get(`/api/files/mine?exceptTask=${task1}`).expect(200)).body.map((f: { id: number }) => f.id)).toEqual([pdfId]);
    expect((await a.http.get('/api/files/mine?limit=1').expect(200)).body).toHaveLength(1);
    const bad = await a.http.get('/api/files/mine?limit=0').expect(422);
    expect(bad.body.errors.limit).toBeDefined();
  });

  it('is documented in OpenAPI with a Chinese summary, as is the activation preview', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    expect(doc.paths['/api/files/mine']?.get?.summary).toMatch(/本人以前上传的材料/);
    expect(doc.paths['/api/plans/{id}/activation-preview']?.post?.summary).toMatch(/全年每人每月/);
  });

  it('attached again by fileId: the second task’s photo requirement is met without uploading twice', async () => {
    const ev = await a.http.post(`/api/tasks/${task2}/evidence`).send({ fileId: photoId, kind: '照片' }).expect(201);
    expect(ev.body.file.id).toBe(photoId);
    const list = (await a.http.get(`/api/tasks/${task2}/evidence`).expect(200)).body;
    expect(list.missing).toEqual([]);
    const mine = (await a.http.get('/api/files/mine').expect(200)).body;
    expect(
      mine
        .find((f: { id: number }) => f.id === photoId)
        .tasks.map((x: { id: number }) => x.id)
        .sort(),
    ).toEqual([task1, task2].sort());
  });

  it('never offers or attaches someone else’s uploads, nor another org’s', async () => {
    const theirs = (await b.http.get('/api/files/mine').expect(200)).body;
    expect(theirs.map((f: { originalName: string }) => f.originalName)).toEqual(['检查现场.jpg']);
    await b.http.post(`/api/tasks/${taskB}/evidence`).send({ fileId: pdfId }).expect(403);
    expect((await t.api.get('/api/files/mine').expect(200)).body).toEqual([]); // the admin uploaded nothing
    await t.http.get('/api/files/mine').expect(401);
    const email = 'admin@other.test';
    await addUser(t.app.get(DataSource), t.clock, { email, name: '乙镇管理员', roles: ['admin'], orgName: '乙镇人大主席团', password: 'other-password-1' });
    const outsider = t.as(await t.login(email, 'other-password-1'));
    const theirFile = (await outsider.post('/api/files').attach('file', pdf(), '乙镇纪要.pdf').expect(201)).body.id;
    expect((await outsider.get('/api/files/mine').expect(200)).body.map((f: { id: number }) => f.id)).toEqual([theirFile]);
    expect((await a.http.get('/api/files/mine').expect(200)).body.map((f: { id: number }) => f.id)).not.toContain(theirFile);
    await a.http.post(`/api/tasks/${task2}/evidence`).send({ fileId: theirFile }).expect(403);
  });
});
