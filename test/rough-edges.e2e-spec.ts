import { jest } from '@jest/globals';
import { jpeg, pdf } from './support/files.js';
import { createTestApp, TEST_DB, type TestApp, type TestUser } from './support/test-app.js';

jest.setTimeout(60_000);

describe(`evidence kinds and the same file twice (${TEST_DB})`, () => {
  let t: TestApp;
  let owner: TestUser;
  let taskId: number;

  beforeAll(async () => {
    t = await createTestApp('2024-03-05T02:00:00Z');
    const unit = (await t.api.post('/api/units').send({ orgId: t.admin.orgId, name: '镇党政办' }).expect(201)).body;
    owner = await t.addUser({ name: '张三', roles: ['staff'], unitId: unit.id });
    const plan = (
      await t.api
        .post('/api/plans')
        .send({
          orgId: t.admin.orgId,
          year: 2024,
          title: '计划',
          items: [{ title: '开展专题教育活动', timeText: '3月份', ownerId: owner.id, unitId: unit.id, evidenceRequirements: [{ kind: '会议记录', min: 1 }] }],
        })
        .expect(201)
    ).body;
    await t.api.post(`/api/plans/${plan.id}/activate`).expect(200);
    taskId = (await t.api.get('/api/tasks').query({ plan: plan.id }).expect(200)).body.items[0].id;
  });
  afterAll(() => t.close());

  const upload = (buf: Buffer, name: string, kind?: string) => {
    const req = owner.http.post(`/api/tasks/${taskId}/evidence/files`).attach('file', buf, { filename: name });
    return kind ? req.field('kind', kind) : req;
  };

  it('a photo uploaded without a kind is a 照片; a PDF without one is a 422 naming the kinds expected, on both routes', async () => {
    const photo = await upload(jpeg(), 'a.jpg').expect(201);
    expect(photo.body.kind).toBe('照片');
    const minutes = pdf();
    const doc = await upload(minutes, 'minutes.pdf').expect(422);
    expect(doc.body.errors.kind).toEqual(['无法从文件内容判断材料类别，请注明 kind（本事项要求：会议记录）']);
    const loose = (await owner.http.post('/api/files').attach('file', minutes, { filename: 'minutes.pdf' }).expect(201)).body;
    const byId = await owner.http.post(`/api/tasks/${taskId}/evidence`).send({ fileId: loose.id }).expect(422);
    expect(byId.body.errors.kind).toEqual(doc.body.errors.kind);
    const summary = (await owner.http.get(`/api/tasks/${taskId}/evidence`).expect(200)).body as { evidence: Array<{ fileId: number | null }> };
    expect(summary.evidence.filter((e) => e.fileId === loose.id)).toEqual([]); // nothing attached unclassified
    const named = await upload(minutes, 'minutes.pdf', '会议记录').expect(201);
    expect(named.body).toMatchObject({ kind: '会议记录', fileId: loose.id }); // the file kept from the refused upload, attached now
    expect((await owner.http.get(`/api/tasks/${taskId}/evidence`).expect(200)).body.missing).toEqual([]);
  });

  it('the same file again is handled alike on both routes: 409 as it is, a kind change when a new kind is given', async () => {
    const buf = jpeg(40);
    const first = await upload(buf, 'b.jpg').expect(201);
    const fileId = first.body.fileId as number;
    const again = await upload(buf, 'b.jpg').expect(409);
    const byId = await owner.http.post(`/api/tasks/${taskId}/evidence`).send({ fileId }).expect(409);
    expect(again.body.code).toBe('EVIDENCE_DUPLICATE');
    expect(byId.body.code).toBe('EVIDENCE_DUPLICATE');
    expect(again.body.message).toContain('如需更改材料类别');
    const changed = await upload(buf, 'b.jpg', '签到表').expect(201);
    expect(changed.body).toMatchObject({ id: first.body.id, kind: '签到表' });
    const back = await owner.http.post(`/api/tasks/${taskId}/evidence`).send({ fileId, kind: '照片' }).expect(201);
    expect(back.body).toMatchObject({ id: first.body.id, kind: '照片' });
    const list = await owner.http.get(`/api/tasks/${taskId}/evidence`).expect(200);
    const items = (list.body.items ?? list.body.evidence ?? list.body) as Array<{ fileId: number | null }>;
    expect(items.filter((e) => e.fileId === fileId)).toHaveLength(1);
    const history = await owner.http.get(`/api/tasks/${taskId}/history`).expect(200);
    expect(JSON.stringify(history.body)).toContain('evidence_kind_changed');
  });
});

describe(`an org keeps an active admin (${TEST_DB})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('2024-03-05T02:00:00Z');
  });
  afterAll(() => t.close());

  it('the only admin cannot be disabled, lose the admin role or be deleted; once there is a second, each can', async () => {
    const id = t.admin.id;
    const disable = await t.api.patch(`/api/people/${id}`).send({ active: false }).expect(422);
    expect(disable.body.errors.active[0]).toContain('唯一在用的管理员');
    const demote = await t.api
      .patch(`/api/people/${id}`)
      .send({ roles: ['staff'] })
      .expect(422);
    expect(demote.body.errors.roles[0]).toContain('不能取消管理员角色');
    const remove = await t.api.delete(`/api/people/${id}`).expect(409);
    expect(remove.body.message).toContain('不能删除');
    expect((await t.api.get(`/api/people/${id}`).expect(200)).body).toMatchObject({ active: true, roles: ['admin'] });

    // A disabled admin does not count as the one kept.
    const second = await t.addUser({ name: '李四', roles: ['admin'] });
    await t.api.patch(`/api/people/${second.id}`).send({ active: false }).expect(200);
    await t.api.patch(`/api/people/${id}`).send({ active: false }).expect(422);
    await t.api.patch(`/api/people/${second.id}`).send({ active: true }).expect(200);
    // With a second active admin, the first may step down (demoted here; the second stays).
    await t.api
      .patch(`/api/people/${id}`)
      .send({ roles: ['staff'] })
      .expect(200);
    await second.http.patch(`/api/people/${second.id}`).send({ active: false }).expect(422);
  });
});
