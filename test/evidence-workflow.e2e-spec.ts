import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, TEST_DB, type TestApp, type TestUser } from './support/test-app.js';
import { bigJpeg, docx, exe, heic, jpeg, jpegWithExif, ole, pdf, png } from './support/files.js';

const MAX = 200_000;
const REQUIREMENTS = [
  { kind: '会议记录', min: 1 },
  { kind: '签到表', min: 1 },
  { kind: '照片', min: 3 },
];

/** supertest parser that keeps a binary body as a Buffer. */
function binary(res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** Every file under the evidence dir except the temp dir. */
function storedFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'evidence');
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out;
}

describe(`evidence, review, extensions and access on ${TEST_DB}`, () => {
  let t: TestApp;
  let orgId: number;
  let unitA: number;
  let unitB: number;
  let unitC: number;
  let staffA: TestUser;
  let staffB: TestUser;
  let staffC: TestUser; // in a 配合单位 of A's item
  let headA: TestUser;
  let presidium: TestUser;
  let taskA: number; // staff A's March task
  let taskA2: number; // staff A's April task
  let taskB: number; // staff B's March task

  beforeAll(async () => {
    t = await createTestApp('2024-03-10T02:00:00Z', { DUCHA_EVIDENCE_MAX_BYTES: String(MAX) });
    orgId = t.admin.orgId;
    unitA = (await t.api.post('/api/units').send({ orgId, name: '党政办' }).expect(201)).body.id;
    unitB = (await t.api.post('/api/units').send({ orgId, name: '财政所' }).expect(201)).body.id;
    unitC = (await t.api.post('/api/units').send({ orgId, name: '司法所' }).expect(201)).body.id;
    staffA = await t.addUser({ name: '张三', roles: ['staff'], unitId: unitA });
    staffB = await t.addUser({ name: '李四', roles: ['staff'], unitId: unitB });
    staffC = await t.addUser({ name: '王五', roles: ['staff'], unitId: unitC });
    headA = await t.addUser({ name: '赵主任', roles: ['staff', 'unit_head'], unitId: unitA });
    presidium = await t.addUser({ name: '钱主席', roles: ['presidium'] });
    const plan = await t.api
      .post('/api/plans')
      .send({
        orgId,
        year: 2024,
        title: '2024年工作计划',
        items: [
          { title: '召开廉政专题会议', timeText: '3—4月份每月一次', ownerId: staffA.id, unitId: unitA, coUnitIds: [unitC], evidenceRequirements: REQUIREMENTS },
          { title: '财政资金检查', timeText: '3月份', ownerId: staffB.id, unitId: unitB },
        ],
      })
      .expect(201);
    await t.api.post(`/api/plans/${plan.body.id}/activate`).expect(200);
    const tasks = (await t.api.get('/api/tasks').query({ plan: plan.body.id }).expect(200)).body.items as Array<{
      id: number;
      itemId: number;
      periodKey: string;
    }>;
    const [itemA, itemB] = plan.body.items.map((i: { id: number }) => i.id);
    [taskA, taskA2] = tasks
      .filter((x) => x.itemId === itemA)
      .sort((a, b) => a.periodKey.localeCompare(b.periodKey))
      .map((x) => x.id);
    taskB = tasks.find((x) => x.itemId === itemB)!.id;
    expect([taskA, taskA2, taskB].every(Boolean)).toBe(true);
  });
  afterAll(() => t?.close());

  const upload = (u: TestUser, taskId: number, buf: Buffer, filename: string, kind?: string) => {
    const req = u.http.post(`/api/tasks/${taskId}/evidence/files`).attach('file', buf, { filename });
    return kind ? req.field('kind', kind) : req;
  };

  describe('authentication', () => {
    it('refuses every API route without a token or with a wrong one, but not health or docs', async () => {
      expect((await t.http.get('/api/tasks').expect(401)).body.message).toContain('请先登录');
      expect((await t.as('dct_nonsense').get('/api/tasks').expect(401)).body.message).toContain('令牌无效');
      await t.http.get(`/api/tasks/${taskA}/evidence`).expect(401);
      await t.http.post(`/api/tasks/${taskA}/evidence/files`).attach('file', jpeg(), 'a.jpg').expect(401);
      await t.http.get('/api/health').expect(200);
      await t.http.get('/api/docs-json').expect(200);
    });

    it('logs in with email and password and answers who I am', async () => {
      const token = await t.login(staffA.email, staffA.password);
      expect(token).toMatch(/^dcs_/);
      const me = await t.as(token).get('/api/auth/me').expect(200);
      expect(me.body).toMatchObject({ id: staffA.id, orgId, unitId: unitA, roles: ['staff'], name: '张三' });
      await t.as(token).post('/api/auth/logout').expect(204);
      await t.as(token).get('/api/auth/me').expect(401);
    });

    it('locks an account after repeated failures, says until when, and counts in Redis', async () => {
      const u = await t.addUser({ name: '锁定测试', roles: ['staff'], unitId: unitA });
      for (let i = 0; i < 5; i++) {
        const bad = await t.http.post('/api/auth/login').send({ email: u.email, password: 'wrong-password-x' }).expect(401);
        expect(bad.body.message).toBe('邮箱或密码不正确');
      }
      const locked = await t.http.post('/api/auth/login').send({ email: u.email, password: u.password }).expect(429);
      expect(locked.body.message).toContain('锁定');
      expect(locked.body.message).toMatch(/（北京时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 之后）/); // local time, not UTC ISO
      expect(locked.body.details.unlockAt).toEqual(expect.any(String));
    });

    it('issues personal API tokens shown once, and revokes them', async () => {
      const created = await t.api.post('/api/auth/tokens').send({ personId: staffA.id, name: '脚本' }).expect(201);
      expect(created.body.token).toMatch(/^dct_/);
      await t.as(created.body.token).get('/api/auth/me').expect(200);
      const list = await t.api.get('/api/auth/tokens').expect(200);
      expect(JSON.stringify(list.body)).not.toContain(created.body.token);
      await t.api.delete(`/api/auth/tokens/${created.body.id}`).expect(204);
      await t.as(created.body.token).get('/api/auth/me').expect(401);
      await staffA.http.post('/api/auth/tokens').send({ personId: staffA.id, name: 'x' }).expect(403);
    });

    it('keeps staff out of admin work', async () => {
      const res = await staffA.http.post('/api/plans').send({ orgId, year: 2024, title: 'x' }).expect(403);
      expect(res.body.message).toContain('管理员');
      await staffA.http
        .post('/api/people')
        .send({ orgId, name: 'x', roles: ['admin'] })
        .expect(403);
      await staffA.http
        .patch(`/api/people/${staffA.id}`)
        .send({ roles: ['admin'] })
        .expect(403);
    });
  });

  describe('who may do what (each role against each endpoint)', () => {
    let fileOfA: number;
    beforeAll(async () => {
      fileOfA = (await upload(staffA, taskA2, png(), '现场.png', '照片').expect(201)).body.file.id;
    });
    type Who = 'staffA' | 'staffB' | 'staffC' | 'headA' | 'presidium' | 'admin';
    const who = (w: Who) => (w === 'admin' ? t.admin : { staffA, staffB, staffC, headA, presidium }[w]);
    const READERS: Who[] = ['staffA', 'staffC', 'headA', 'presidium', 'admin'];
    const WORKERS: Who[] = ['staffA', 'headA'];
    const REVIEWERS: Who[] = ['headA', 'presidium'];
    const ALL: Who[] = ['staffA', 'staffB', 'staffC', 'headA', 'presidium', 'admin'];
    const cases: Array<[string, Who[], number, (u: TestUser) => Promise<{ status: number; body: { message?: string } }>]> = [
      ['GET /tasks/:id', READERS, 200, (u) => u.http.get(`/api/tasks/${taskA2}`)],
      ['GET /tasks/:id/evidence', READERS, 200, (u) => u.http.get(`/api/tasks/${taskA2}/evidence`)],
      ['GET /tasks/:id/history', READERS, 200, (u) => u.http.get(`/api/tasks/${taskA2}/history`)],
      ['GET /tasks/:id/extensions', READERS, 200, (u) => u.http.get(`/api/tasks/${taskA2}/extensions`)],
      ['GET /files/:id/download', READERS, 200, (u) => u.http.get(`/api/files/${fileOfA}/download`)],
      ['POST /tasks/:id/evidence (note)', WORKERS, 201, (u) => u.http.post(`/api/tasks/${taskA2}/evidence`).send({ note: '情况说明', kind: '说明' })],
      ['POST /tasks/:id/evidence/files', WORKERS, 201, (u) => upload(u, taskA2, jpeg(), 'p.jpg', '照片')],
      ['POST /tasks/:id/submit (requirements unmet → 422)', WORKERS, 422, (u) => u.http.post(`/api/tasks/${taskA2}/submit`).send({})],
      [
        'POST /tasks/:id/extensions (date not later → 422)',
        WORKERS,
        422,
        (u) => u.http.post(`/api/tasks/${taskA2}/extensions`).send({ newDueDay: '2024-04-01', reason: 'r', progress: 'p' }),
      ],
      ['POST /tasks/:id/accept (not submitted → 409)', REVIEWERS, 409, (u) => u.http.post(`/api/tasks/${taskA2}/accept`).send({})],
      ['POST /tasks/:id/return (not submitted → 409)', REVIEWERS, 409, (u) => u.http.post(`/api/tasks/${taskA2}/return`).send({ comment: '补充' })],
      ['POST /tasks/:id/allow-partial', REVIEWERS, 200, (u) => u.http.post(`/api/tasks/${taskA2}/allow-partial`).send({ allow: false })],
    ];
    it.each(cases)('%s', async (_name, allowed, okStatus, call) => {
      for (const w of ALL) {
        const res = await call(who(w));
        if (allowed.includes(w)) expect([w, res.status]).toEqual([w, okStatus]);
        else {
          expect([w, res.status]).toEqual([w, 403]);
          expect(res.body.message).toMatch(/^无权/);
        }
      }
    });
    it('POST /tasks/:id/cancel: admin only', async () => {
      for (const w of ['staffA', 'headA', 'presidium', 'staffB'] as Who[])
        await who(w).http.post(`/api/tasks/${taskB}/cancel`).send({ reason: '取消' }).expect(403);
      // taskB stays for the access tests below; cancel a task of its own
      await t.api.post(`/api/tasks/${taskA2}/cancel`).send({ reason: '计划调整' }).expect(200);
      await t.api.post(`/api/tasks/${taskA2}/cancel`).send({ reason: '再次' }).expect(409);
    });
    it('filters task lists to what each caller may see', async () => {
      const ids = async (u: TestUser) => ((await u.http.get('/api/tasks').expect(200)).body.items as Array<{ id: number }>).map((x) => x.id).sort();
      expect(await ids(staffA)).toEqual([taskA, taskA2].sort());
      expect(await ids(staffB)).toEqual([taskB]);
      expect(await ids(staffC)).toEqual([taskA, taskA2].sort());
      expect(await ids(headA)).toEqual([taskA, taskA2].sort());
      expect(await ids(presidium)).toEqual([taskA, taskA2, taskB].sort());
      await staffA.http
        .get('/api/tasks')
        .query({ org: orgId + 1000 })
        .expect(403);
    });
  });

  describe('staff A cannot touch staff B’s task', () => {
    it('cannot read, upload to, submit or download evidence of it, and nothing is stored', async () => {
      const fileB = (await upload(staffB, taskB, pdf('检查报告'), '检查报告.pdf', '检查报告').expect(201)).body.file.id;
      const before = storedFiles(t.config.dataDir).length;
      await staffA.http.get(`/api/tasks/${taskB}`).expect(403);
      await staffA.http.get(`/api/tasks/${taskB}/evidence`).expect(403);
      expect((await upload(staffA, taskB, jpeg(), 'x.jpg', '照片').expect(403)).body.message).toContain('无权办理');
      await staffA.http.post(`/api/tasks/${taskB}/submit`).send({}).expect(403);
      await staffA.http.get(`/api/files/${fileB}/download`).expect(403);
      await staffA.http.get(`/api/files/${fileB}`).expect(403);
      // nor attach B's file to A's own task by id
      await staffA.http.post(`/api/tasks/${taskA}/evidence`).send({ fileId: fileB }).expect(403);
      expect(storedFiles(t.config.dataDir).length).toBe(before);
    });
  });

  describe('bad uploads are refused with a clear 4xx and nothing is stored', () => {
    let before: string[];
    let evidenceCount: number;
    beforeAll(async () => {
      before = storedFiles(t.config.dataDir);
      evidenceCount = (await staffA.http.get(`/api/tasks/${taskA}/evidence`).expect(200)).body.evidence.length;
    });
    afterAll(async () => {
      expect(storedFiles(t.config.dataDir)).toEqual(before);
      expect((await staffA.http.get(`/api/tasks/${taskA}/evidence`).expect(200)).body.evidence.length).toBe(evidenceCount);
    });
    it('a path-traversal file name', async () => {
      const res = await staffA.http
        .post(`/api/tasks/${taskA}/evidence/files`)
        .attach('file', jpeg(), { filepath: '../../etc/passwd.jpg', contentType: 'image/jpeg' } as never)
        .expect(422);
      expect(res.body.message).toContain('文件名');
    });
    it('a file over the limit', async () => {
      const res = await upload(staffA, taskA, bigJpeg(MAX + 50_000), 'big.jpg', '照片').expect(413);
      expect(res.body.message).toContain('大小上限');
    });
    it('an executable renamed .jpg', async () => {
      const res = await upload(staffA, taskA, exe(), 'photo.jpg', '照片').expect(415);
      expect(res.body.message).toContain('不支持的文件类型');
    });
    it('an empty file', async () => {
      const res = await upload(staffA, taskA, Buffer.alloc(0), 'empty.jpg', '照片').expect(422);
      expect(res.body.message).toContain('空');
    });
    it('a wrong token', async () => {
      await t.as('dcs_wrong').post(`/api/tasks/${taskA}/evidence/files`).attach('file', jpeg(), 'a.jpg').expect(401);
    });
    it('no temp files are left behind', () => {
      const tmp = path.join(t.config.dataDir, 'evidence', 'tmp');
      expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
    });
  });

  it('keeps a Mac’s HEIC as uploaded and serves a JPEG made of it with ?rendition=jpeg; a broken HEIC is still accepted', async () => {
    const original = readFileSync(path.resolve('test/fixtures/tiny-64x48.heic'));
    const up = await staffA.http.post('/api/files').attach('file', original, 'IMG_0042.HEIC').expect(201);
    expect(up.body).toMatchObject({ mime: 'image/heic', jpegSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const asUploaded = await staffA.http.get(`/api/files/${up.body.id}/download`).buffer(true).parse(binary).expect(200);
    expect(asUploaded.headers['content-type']).toBe('image/heic');
    expect(Buffer.compare(asUploaded.body as Buffer, original)).toBe(0);
    const jpg = await staffA.http.get(`/api/files/${up.body.id}/download?rendition=jpeg`).buffer(true).parse(binary).expect(200);
    expect(jpg.headers['content-type']).toBe('image/jpeg');
    expect(jpg.headers['content-disposition']).toContain('filename="IMG_0042.jpg"');
    expect((jpg.body as Buffer).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(storedFiles(t.config.dataDir).some((f) => f.endsWith(up.body.jpegSha256))).toBe(true);
    // Someone else may not fetch the rendition either.
    await staffB.http.get(`/api/files/${up.body.id}/download?rendition=jpeg`).expect(403);
    // Only "jpeg" is a rendition; a file without one is sent as uploaded.
    expect((await staffA.http.get(`/api/files/${up.body.id}/download?rendition=png`).expect(422)).body.errors).toHaveProperty('rendition');
    const notDecodable = await staffA.http.post('/api/files').attach('file', heic(), 'broken.heic').expect(201);
    expect(notDecodable.body).toMatchObject({ mime: 'image/heic', jpegSha256: null });
    const fallback = await staffA.http.get(`/api/files/${notDecodable.body.id}/download?rendition=jpeg`).expect(200);
    expect(fallback.headers['content-type']).toBe('image/heic');
  });

  it('accepts HEIC from phones and legacy .doc by content, and serves Chinese names per RFC 5987', async () => {
    const h = await upload(staffA, taskA, heic(), 'IMG_0001.HEIC').expect(201);
    expect(h.body.file).toMatchObject({ mime: 'image/heic', ext: 'heic' });
    const d = await upload(staffA, taskA, ole(), '旧版通知.doc', '会议记录').expect(201);
    expect(d.body.file).toMatchObject({ mime: 'application/msword', originalName: '旧版通知.doc' });
    const dl = await staffA.http.get(`/api/files/${d.body.file.id}/download`).expect(200);
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="____.doc"; filename*=UTF-8''${encodeURIComponent('旧版通知.doc')}`);
    // tidy: detach both (allowed before done, and audited)
    await staffA.http.delete(`/api/tasks/${taskA}/evidence/${h.body.id}`).expect(204);
    await staffA.http.delete(`/api/tasks/${taskA}/evidence/${d.body.id}`).expect(204);
  });

  it('keeps the photo’s EXIF capture time beside the upload time, as a Beijing-time instant; none without EXIF', async () => {
    // EXIF DateTimeOriginal is zone-less local time: 09:30 on the camera in the org's zone (Asia/Shanghai) is 01:30Z.
    const shot = await staffA.http.post('/api/files').attach('file', jpegWithExif('2024:03:08 09:30:00'), '现场.jpg').expect(201);
    expect(shot.body.takenAt).toBe('2024-03-08T01:30:00.000Z');
    expect(shot.body.createdAt).toBe('2024-03-10T02:00:00.000Z');
    expect((await staffA.http.get(`/api/files/${shot.body.id}`).expect(200)).body.takenAt).toBe('2024-03-08T01:30:00.000Z');
    const plain = await staffA.http.post('/api/files').attach('file', jpeg(), '无EXIF.jpg').expect(201);
    expect(plain.body.takenAt).toBeNull();
    // Across midnight: 23:59:59 local on New Year's Eve is still 2023 in Beijing, 15:59:59Z.
    const late = await staffA.http.post('/api/files').attach('file', jpegWithExif('2023:12:31 23:59:59'), 'x.jpg').expect(201);
    expect(late.body.takenAt).toBe('2023-12-31T15:59:59.000Z');
  });

  it('walks: three photos and minutes, submit, return, sign-in sheet, resubmit, accept; history shows it all', async () => {
    for (let i = 1; i <= 3; i++) {
      const res = await upload(staffA, taskA, jpeg(), `现场照片${i}.jpg`, '照片').expect(201);
      expect(res.body).toMatchObject({ type: 'file', kind: '照片', file: { mime: 'image/jpeg', originalName: `现场照片${i}.jpg` } });
    }
    const minutes = await upload(staffA, taskA, pdf(), '会议记录.pdf', '会议记录').expect(201);
    expect(minutes.body.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    const sha = minutes.body.file.sha256 as string;
    expect(existsSync(path.join(t.config.dataDir, 'evidence', sha.slice(0, 2), sha.slice(2, 4), sha))).toBe(true);

    const status = (await staffA.http.get(`/api/tasks/${taskA}`).expect(200)).body.evidence;
    expect(status.missing).toEqual([{ kind: '签到表', min: 1, count: 0, met: false }]);
    const refused = await staffA.http.post(`/api/tasks/${taskA}/submit`).send({}).expect(422);
    expect(refused.body.message).toContain('签到表');
    expect(refused.body.details.missing).toEqual([{ kind: '签到表', min: 1, count: 0 }]);

    await presidium.http.post(`/api/tasks/${taskA}/allow-partial`).send({ allow: true, reason: '签到表可后补' }).expect(200);
    const submitted = await staffA.http.post(`/api/tasks/${taskA}/submit`).send({ comment: '已完成' }).expect(200);
    expect(submitted.body.status).toBe('submitted');
    await upload(staffA, taskA, jpeg(), '又一张.jpg', '照片').expect(409); // frozen while under review
    await staffA.http.post(`/api/tasks/${taskA}/submit`).send({}).expect(409);

    t.clock.set('2024-03-12T02:00:00Z');
    const returned = await presidium.http.post(`/api/tasks/${taskA}/return`).send({ comment: '请补充签到表' }).expect(200);
    expect(returned.body).toMatchObject({ status: 'returned', returnCount: 1 });

    const sheet = await upload(staffA, taskA, await docx('签到表'), '签到表.docx', '签到表').expect(201);
    expect(sheet.body.file.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((await staffA.http.get(`/api/tasks/${taskA}/evidence`).expect(200)).body.missing).toEqual([]);
    await staffA.http.post(`/api/tasks/${taskA}/submit`).send({}).expect(200);

    t.clock.set('2024-04-05T02:00:00Z'); // accepted after the due day, but submitted before it: on time
    const accepted = await headA.http.post(`/api/tasks/${taskA}/accept`).send({ comment: '材料齐全' }).expect(200);
    expect(accepted.body).toMatchObject({ status: 'done', onTime: true });
    await staffA.http.delete(`/api/tasks/${taskA}/evidence/${sheet.body.id}`).expect(409); // never deleted once done

    const history = (await staffA.http.get(`/api/tasks/${taskA}/history`).expect(200)).body as Array<{
      action: string;
      actorName: string;
      at: string;
      reason: string | null;
    }>;
    const actions = history.map((e) => `${e.action}:${e.actorName}`);
    expect(actions.filter((a) => a.startsWith('evidence_added'))).toHaveLength(3 + 1 + 2 + 1);
    expect(actions).toEqual(
      expect.arrayContaining(['evidence_detached:张三', 'partial_allowed:钱主席', 'submitted:张三', 'returned:钱主席', 'resubmitted:张三', 'accepted:赵主任']),
    );
    expect(actions.indexOf('submitted:张三')).toBeLessThan(actions.indexOf('returned:钱主席'));
    expect(actions.indexOf('returned:钱主席')).toBeLessThan(actions.indexOf('resubmitted:张三'));
    expect(history.find((e) => e.action === 'returned')!.reason).toBe('请补充签到表');
    expect(history.every((e) => typeof e.at === 'string')).toBe(true);
    t.clock.set('2024-03-10T02:00:00Z');
  });

  it('one upload serves several tasks without uploading again (同类材料最多报一次)', async () => {
    const item = await t.api
      .post('/api/plans')
      .send({ orgId, year: 2024, title: '复用', items: [{ title: '走访', timeText: '每月', ownerId: staffA.id, unitId: unitA }] })
      .expect(201);
    await t.api.post(`/api/plans/${item.body.id}/activate`).expect(200);
    const ids = ((await staffA.http.get('/api/tasks').query({ plan: item.body.id, pageSize: 3 }).expect(200)).body.items as Array<{ id: number }>).map(
      (x) => x.id,
    );
    const buf = jpeg();
    const first = await upload(staffA, ids[0], buf, '合影.jpg', '照片').expect(201);
    const again = await upload(staffA, ids[1], buf, '合影-副本.jpg', '照片').expect(201);
    expect(again.body.file.id).toBe(first.body.file.id); // same content: one file
    const third = await staffA.http.post(`/api/tasks/${ids[2]}/evidence`).send({ fileId: first.body.file.id, kind: '照片' }).expect(201);
    expect(third.body.fileId).toBe(first.body.file.id);
    await staffA.http.post(`/api/tasks/${ids[2]}/evidence`).send({ fileId: first.body.file.id }).expect(409);
    await staffA.http.post(`/api/tasks/${ids[2]}/evidence`).send({ url: 'https://example.cn/news/1', kind: '报道' }).expect(201);
    const bad = await staffA.http.post(`/api/tasks/${ids[2]}/evidence`).send({ url: 'https://x.cn', note: 'y' }).expect(422);
    expect(bad.body.errors.fileId[0]).toContain('之一');
  });

  it('late submission is done late (逾期完成)', async () => {
    const plan = await t.api
      .post('/api/plans')
      .send({ orgId, year: 2024, title: '逾期', items: [{ title: '总结', timeText: '3月份', ownerId: staffA.id, unitId: unitA }] })
      .expect(201);
    await t.api.post(`/api/plans/${plan.body.id}/activate`).expect(200);
    const id = (await staffA.http.get('/api/tasks').query({ plan: plan.body.id }).expect(200)).body.items[0].id;
    t.clock.set('2024-04-02T02:00:00Z');
    await staffA.http.post(`/api/tasks/${id}/submit`).send({}).expect(200);
    expect((await presidium.http.post(`/api/tasks/${id}/accept`).send({}).expect(200)).body).toMatchObject({ status: 'done', onTime: false });
    t.clock.set('2024-03-10T02:00:00Z');
  });

  it('extension: asked before the due date, approved with the approver’s date, or denied; not after the due date', async () => {
    const plan = await t.api
      .post('/api/plans')
      .send({ orgId, year: 2024, title: '延期', items: [{ title: '整改', timeText: '3月份', ownerId: staffA.id, unitId: unitA }] })
      .expect(201);
    await t.api.post(`/api/plans/${plan.body.id}/activate`).expect(200);
    const id = (await staffA.http.get('/api/tasks').query({ plan: plan.body.id }).expect(200)).body.items[0].id;
    const req = await staffA.http
      .post(`/api/tasks/${id}/extensions`)
      .send({ newDueDay: '2024-05-31', reason: '资金未到位', progress: '已完成 60%' })
      .expect(201);
    expect(req.body).toMatchObject({ status: 'pending', previousDueDay: '2024-03-31', requestedDueDay: '2024-05-31' });
    await staffA.http.post(`/api/tasks/${id}/extensions`).send({ newDueDay: '2024-06-30', reason: 'x', progress: 'y' }).expect(409);
    await staffA.http.post(`/api/extensions/${req.body.id}/approve`).send({}).expect(403);
    const approved = await presidium.http.post(`/api/extensions/${req.body.id}/approve`).send({ dueDay: '2024-04-30', comment: '最多延至4月底' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedDueDay: '2024-04-30' });
    const task = (await staffA.http.get(`/api/tasks/${id}`).expect(200)).body;
    expect(task).toMatchObject({ dueDay: '2024-04-30', dueAt: '2024-04-30T15:59:59.999Z', originalDueAt: '2024-03-31T15:59:59.999Z' });
    await presidium.http.post(`/api/extensions/${req.body.id}/deny`).send({ comment: 'x' }).expect(409);

    // at most six months past the original due date (2024-03-31 → 2024-09-30), however often extended
    const tooFar = await staffA.http.post(`/api/tasks/${id}/extensions`).send({ newDueDay: '2024-10-01', reason: '再延', progress: '80%' }).expect(422);
    expect(tooFar.body.errors.newDueDay[0]).toContain('2024-09-30');
    const second = await staffA.http.post(`/api/tasks/${id}/extensions`).send({ newDueDay: '2024-06-30', reason: '再延', progress: '80%' }).expect(201);
    expect((await headA.http.post(`/api/extensions/${second.body.id}/deny`).send({ comment: '不予延期' }).expect(200)).body.status).toBe('denied');
    t.clock.set('2024-05-02T02:00:00Z');
    const late = await staffA.http.post(`/api/tasks/${id}/extensions`).send({ newDueDay: '2024-06-30', reason: 'r', progress: 'p' }).expect(409);
    expect(late.body.message).toContain('之前');
    const history = (await staffA.http.get(`/api/tasks/${id}/history`).expect(200)).body.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['extension_requested', 'extension_approved', 'extension_denied']));
    t.clock.set('2024-03-10T02:00:00Z');
  });
});
