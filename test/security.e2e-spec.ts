import archiver from 'archiver';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { addUser } from '../src/auth/auth.service.js';
import { hashPassword } from '../src/auth/password.js';
import { EvidenceFile } from '../src/evidence/evidence.entities.js';
import { NotificationMessage } from '../src/notifications/notification.entity.js';
import { docx, exe, jpeg, pdf } from './support/files.js';
import { createTestApp, TEST_DB, type TestApp, type TestUser } from './support/test-app.js';

/** Every file under <dataDir>/evidence, the temp dir included: "nothing stored" means none new here. */
function evidenceFiles(dataDir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(path.join(dataDir, 'evidence'));
  return out.sort();
}

async function zip(entries: Array<[string, string | Buffer]>): Promise<Buffer> {
  const a = archiver('zip');
  const chunks: Buffer[] = [];
  a.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    a.on('end', () => resolve());
    a.on('error', reject);
  });
  for (const [name, data] of entries) a.append(data, { name });
  await a.finalize();
  await done;
  return Buffer.concat(chunks);
}

const contentTypes = (partName: string, type: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="xml" ContentType="application/xml"/><Override PartName="${partName}" ContentType="${type}"/></Types>`;
const DOCX_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const PPTX_MAIN = 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml';

/** A JSON text nested `depth` levels deep: {"a":{"a":…}} */
const deepJson = (depth: number, leaf = '"x"') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);

describe(`security hardening (#13) on ${TEST_DB}`, () => {
  let t: TestApp;
  let db: DataSource;
  let orgId: number;
  let unitId: number;
  let staff: TestUser;
  let presidium: TestUser;
  let taskId: number;

  beforeAll(async () => {
    t = await createTestApp('2024-03-10T02:00:00Z');
    db = t.app.get(DataSource);
    orgId = t.admin.orgId;
    unitId = (await t.api.post('/api/units').send({ orgId, name: '党政办' }).expect(201)).body.id;
    staff = await t.addUser({ name: '张三', roles: ['staff'], unitId });
    presidium = await t.addUser({ name: '钱主席', roles: ['presidium'] });
    const plan = await t.api
      .post('/api/plans')
      .send({ orgId, year: 2024, title: '2024年工作计划', items: [{ title: '每月走访代表', timeText: '每月', ownerId: staff.id, unitId }] })
      .expect(201);
    await t.api.post(`/api/plans/${plan.body.id}/activate`).expect(200);
    const tasks = (await t.api.get('/api/tasks').query({ plan: plan.body.id, month: '2024-03' }).expect(200)).body.items as Array<{ id: number }>;
    taskId = tasks[0].id;
  });
  afterAll(() => t?.close());

  /** A second org with its own admin, created as `ducha user:add` would. */
  const otherOrg = async (name: string): Promise<{ orgId: number; token: string; personId: number }> => {
    const email = `admin-${Math.random().toString(36).slice(2, 8)}@other.test`;
    const person = await addUser(db, t.clock, { email, name: '乙镇管理员', roles: ['admin', 'presidium'], orgName: name, password: 'other-password-1' });
    return { orgId: person.orgId, personId: person.id, token: await t.login(email, 'other-password-1') };
  };

  describe('5. booleans in queries', () => {
    it('overdue=false and overdue=0 list only tasks that are not overdue; anything but true/false/1/0 is 422', async () => {
      const all = (await t.api.get('/api/tasks').query({ pageSize: 500 }).expect(200)).body.items as Array<{ overdue: boolean }>;
      expect(all.some((x) => x.overdue)).toBe(true); // January and February are past due on 10 March
      for (const v of ['false', '0']) {
        const res = await t.api.get(`/api/tasks?overdue=${v}&pageSize=500`).expect(200);
        expect(res.body.items.length).toBe(all.filter((x) => !x.overdue).length);
        expect(res.body.items.every((x: { overdue: boolean }) => !x.overdue)).toBe(true);
      }
      for (const v of ['true', '1']) {
        const res = await t.api.get(`/api/tasks?overdue=${v}&pageSize=500`).expect(200);
        expect(res.body.items.length).toBe(all.filter((x) => x.overdue).length);
      }
      for (const v of ['yes', 'FALSE ', '', 'null']) {
        const res = await t.api.get(`/api/tasks?overdue=${encodeURIComponent(v)}`).expect(422);
        expect(res.body.errors.overdue).toEqual(expect.arrayContaining([expect.stringContaining('true')]));
      }
    });
  });

  describe('6. login lock-out under concurrency', () => {
    it('150 parallel wrong passwords: at most the account limit (5) are checked, the rest are refused as locked', async () => {
      const u = await t.addUser({ name: '并发测试', roles: ['staff'], unitId });
      const res = await Promise.all(Array.from({ length: 150 }, () => t.http.post('/api/auth/login').send({ email: u.email, password: 'wrong-password-x' })));
      const checked = res.filter((r) => r.status === 401).length;
      expect(checked).toBeGreaterThanOrEqual(1);
      expect(checked).toBeLessThanOrEqual(t.config.auth.maxFailuresPerEmail);
      expect(res.filter((r) => r.status === 429).length).toBe(150 - checked);
      const locked = res.find((r) => r.status === 429)!;
      expect(locked.body.message).toContain('锁定');
      expect(locked.body.details.retryAfterSeconds).toBeGreaterThan(0);
      // When to try again, in local time (#12.4): the unlock instant as read in Beijing, not UTC.
      const unlock = t.clock.now().getTime() + locked.body.details.retryAfterSeconds * 1000;
      const local = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Shanghai' }).toFormat('yyyy-MM-dd HH:mm');
      expect([local(unlock), local(unlock - 1000)].map((l) => `北京时间 ${l} 之后`)).toContainEqual(locked.body.message.match(/北京时间 \S+ \S+ 之后/)?.[0]);
      expect(locked.body.message).not.toContain(DateTime.fromMillis(unlock, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm'));
      await t.http.post('/api/auth/login').send({ email: u.email, password: u.password }).expect(429);
    });

    it('a burst that contains the right password does not get in once the account is locked', async () => {
      const u = await t.addUser({ name: '突发测试', roles: ['staff'], unitId });
      const bodies = Array.from({ length: 150 }, (_, i) => ({ email: u.email, password: i === 20 ? u.password : 'wrong-password-x' }));
      const res = await Promise.all(bodies.map((b) => t.http.post('/api/auth/login').send(b)));
      expect(res.filter((r) => r.status === 200)).toHaveLength(0);
      expect(res.filter((r) => r.status === 401).length).toBeLessThanOrEqual(t.config.auth.maxFailuresPerEmail);
    });

    it('a successful login gives its reserved attempt back: four failures and a success leave one attempt, not zero', async () => {
      const u = await t.addUser({ name: '释放测试', roles: ['staff'], unitId });
      for (let i = 0; i < 4; i++) await t.http.post('/api/auth/login').send({ email: u.email, password: 'wrong-password-x' }).expect(401);
      await t.http.post('/api/auth/login').send({ email: u.email, password: u.password }).expect(200);
      await t.http.post('/api/auth/login').send({ email: u.email, password: u.password }).expect(200);
      await t.http.post('/api/auth/login').send({ email: u.email, password: 'wrong-password-x' }).expect(401);
      await t.http.post('/api/auth/login').send({ email: u.email, password: u.password }).expect(429);
    });

    describe('an address over its (high) limit is slowed, not banned', () => {
      let s: TestApp;
      beforeAll(async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'ducha-sec-'));
        const file = path.join(dir, 'limits.yaml');
        writeFileSync(file, 'auth:\n  maxFailuresPerIp: 8\n  ipSlowSeconds: 60\n');
        s = await createTestApp('2024-03-10T02:00:00Z', { DUCHA_CONFIG: file });
      });
      afterAll(() => s?.close());

      it('other accounts behind the same address still log in, one attempt per slow interval, and no account is locked', async () => {
        const a = await s.addUser({ name: '甲', roles: ['staff'] });
        const b = await s.addUser({ name: '乙', roles: ['staff'] });
        // Eight failures from one address, spread over accounts (one office behind NAT, a mistyping colleague each).
        for (let i = 0; i < 8; i++)
          await s.http
            .post('/api/auth/login')
            .send({ email: `nobody${i}@ducha.test`, password: 'wrong-password-x' })
            .expect(401);
        // Past the address limit: not a 15-minute ban for everyone, but one attempt per interval.
        await s.http.post('/api/auth/login').send({ email: a.email, password: a.password }).expect(200);
        const slowed = await s.http.post('/api/auth/login').send({ email: b.email, password: b.password }).expect(429);
        expect(slowed.body.code).toBe('LOGIN_SLOWED');
        expect(slowed.body.message).toContain('秒后再试');
        expect(slowed.body.details.retryAfterSeconds).toBeGreaterThan(0);
        expect(slowed.body.details.retryAfterSeconds).toBeLessThanOrEqual(60);
        expect(slowed.headers['retry-after']).toBe(String(slowed.body.details.retryAfterSeconds));
      });
    });
  });

  describe('8. tenant and role leaks', () => {
    it('GET /api/auth/tokens is for admins only', async () => {
      await staff.http.get('/api/auth/tokens').expect(403);
      await presidium.http.get('/api/auth/tokens').expect(403);
      const list = await t.api.get('/api/auth/tokens').expect(200);
      expect(list.body.length).toBeGreaterThan(0);
    });

    it('GET /api/notifications counts and pages only the caller’s org, in the query', async () => {
      const b = await otherOrg('乙镇人大主席团');
      const now = t.clock.now();
      const row = (org: number, recipientId: number, i: number) => ({
        key: `sec-test:${org}:${i}`,
        kind: 'digest' as const,
        orgId: org,
        recipientId,
        channel: 'email' as const,
        status: 'failed' as const,
        attempts: 6,
        retries: 0,
        lastError: 'SMTP 550',
        subject: `测试 ${i}`,
        data: null,
        sentAt: null,
        createdAt: now,
        updatedAt: now,
      });
      const repo = db.getRepository(NotificationMessage);
      for (let i = 0; i < 3; i++) await repo.insert(row(orgId, presidium.id, i));
      for (let i = 0; i < 25; i++) await repo.insert(row(b.orgId, b.personId, i)); // newer ids: the first pages of the whole ledger
      const mine = await t.api.get('/api/notifications?status=failed&pageSize=10').expect(200);
      expect(mine.body.total).toBe(3);
      expect(mine.body.items).toHaveLength(3);
      expect(mine.body.items.every((m: { orgId: number }) => m.orgId === orgId)).toBe(true);
      const page2 = await t.api.get('/api/notifications?status=failed&pageSize=2&page=2').expect(200);
      expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page2.body.items).toHaveLength(1);
      const theirs = await t.as(b.token).get('/api/notifications?status=failed&pageSize=50').expect(200);
      expect(theirs.body.total).toBe(25);
      expect(theirs.body.items.every((m: { orgId: number }) => m.orgId === b.orgId)).toBe(true);
    });
  });

  describe('9. sessions', () => {
    it('changing one’s password ends every other session and API token of that person; the current session stays', async () => {
      const u = await t.addUser({ name: '改密测试', roles: ['staff'], unitId });
      const current = await t.login(u.email, u.password);
      const other = await t.login(u.email, u.password);
      const script = (await t.api.post('/api/auth/tokens').send({ personId: u.id, name: '脚本' }).expect(201)).body.token as string;
      const bystander = await t.login(staff.email, staff.password);
      await t.as(current).post('/api/auth/password').send({ currentPassword: u.password, newPassword: 'a-new-password-42' }).expect(204);
      await t.as(current).get('/api/auth/me').expect(200);
      for (const tok of [other, script, u.token]) await t.as(tok).get('/api/auth/me').expect(401);
      await t.as(bystander).get('/api/auth/me').expect(200); // someone else's session is untouched
      await t.login(u.email, 'a-new-password-42');
    });

    it('an admin’s password reset ends the person’s sessions and API tokens', async () => {
      const u = await t.addUser({ name: '重置测试', roles: ['staff'], unitId });
      const session = await t.login(u.email, u.password);
      await t.api.put(`/api/auth/people/${u.id}/password`).send({ password: 'reset-by-admin-7' }).expect(204);
      await t.as(session).get('/api/auth/me').expect(401);
      await t.as(u.token).get('/api/auth/me').expect(401);
      await t.api.get('/api/auth/me').expect(200); // the admin's own token stays
      await t.login(u.email, 'reset-by-admin-7');
    });

    it('a disabled account with the right password is answered exactly like a wrong password', async () => {
      const u = await t.addUser({ name: '停用测试', roles: ['staff'], unitId });
      const w = await t.addUser({ name: '对照', roles: ['staff'], unitId });
      await t.api.patch(`/api/people/${u.id}`).send({ active: false }).expect(200);
      // The cost of one scrypt hash here, at its quickest of three (a busy machine only makes logins slower).
      let oneHashMs = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = process.hrtime.bigint();
        await hashPassword('timing-reference');
        oneHashMs = Math.min(oneHashMs, Number(process.hrtime.bigint() - t0) / 1e6);
      }
      const timed = async (body: object) => {
        const start = process.hrtime.bigint();
        const res = await t.http.post('/api/auth/login').send(body);
        return { res, ms: Number(process.hrtime.bigint() - start) / 1e6 };
      };
      const disabled = await timed({ email: u.email, password: u.password });
      const wrong = await timed({ email: w.email, password: 'wrong-password-x' });
      const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
      expect(disabled.res.status).toBe(401);
      expect(disabled.res.status).toBe(wrong.res.status);
      expect(strip(disabled.res.body)).toEqual(strip(wrong.res.body));
      expect(disabled.res.headers['content-type']).toBe(wrong.res.headers['content-type']);
      // Same timing class: both paths run one full scrypt verification (a refusal without it takes a few ms).
      expect(disabled.ms).toBeGreaterThan(oneHashMs * 0.3);
      expect(wrong.ms).toBeGreaterThan(oneHashMs * 0.3);
    });
  });

  describe('10. hostile bodies', () => {
    it('JSON nested 3,000 deep is a 400 before validation, on a public and on a signed-in route', async () => {
      const login = await t.http
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"email":${deepJson(3000)},"password":"x"}`);
      expect(login.status).toBe(400);
      expect(login.body.message).toContain('嵌套');
      const arrays = await t.api
        .post('/api/plans')
        .set('Content-Type', 'application/json')
        .send(`{"items":${'['.repeat(3000)}${']'.repeat(3000)}}`);
      expect(arrays.status).toBe(400);
      // Ordinary nesting still passes through to validation.
      await t.http
        .post('/api/auth/login')
        .send({ email: { a: 1 }, password: 'x' })
        .expect(422);
    });

    const boundary = 'ducha-test-boundary';
    const part = (filename: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`;
    const hostile: Array<[string, string, Buffer]> = [
      [
        'truncated (no closing boundary)',
        `multipart/form-data; boundary=${boundary}`,
        Buffer.concat([Buffer.from(part('a.jpg')), jpeg(2000).subarray(0, 1500)]),
      ],
      [
        'a broken part header',
        `multipart/form-data; boundary=${boundary}`,
        Buffer.from(`--${boundary}\r\nthis is no header\r\n\r\nxxxx\r\n--${boundary}--\r\n`),
      ],
      ['no boundary', 'multipart/form-data', Buffer.concat([Buffer.from(part('a.jpg')), jpeg(), Buffer.from(`\r\n--${boundary}--\r\n`)])],
    ];
    for (const [what, type, body] of hostile) {
      it(`multipart with ${what} is a 400 on /api/files and on the evidence upload, and nothing is stored`, async () => {
        const before = evidenceFiles(t.config.dataDir);
        const rows = await db.getRepository(EvidenceFile).count();
        for (const url of ['/api/files', `/api/tasks/${taskId}/evidence/files`]) {
          const res = await staff.http.post(url).set('Content-Type', type).send(body);
          expect(res.status).toBe(400);
          expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
        }
        expect(evidenceFiles(t.config.dataDir)).toEqual(before);
        expect(await db.getRepository(EvidenceFile).count()).toBe(rows);
      });
    }
  });

  describe('11. upload identity and content', () => {
    it('identical bytes from a second uploader: stored once, but each uploader gets their own record', async () => {
      const other = await t.addUser({ name: '李四', roles: ['staff'], unitId });
      const bytes = pdf('同一份会议记录');
      const first = await staff.http.post('/api/files').attach('file', bytes, { filename: '张三的会议记录.pdf' }).expect(201);
      const before = evidenceFiles(t.config.dataDir);
      const second = await other.http.post('/api/files').attach('file', bytes, { filename: '李四的会议记录.pdf' }).expect(201);
      expect(second.body.id).not.toBe(first.body.id);
      expect(second.body).toMatchObject({ originalName: '李四的会议记录.pdf', uploadedBy: other.id, sha256: first.body.sha256 });
      expect(evidenceFiles(t.config.dataDir)).toEqual(before); // content stored once
      expect((await staff.http.get(`/api/files/${first.body.id}`).expect(200)).body).toMatchObject({
        originalName: '张三的会议记录.pdf',
        uploadedBy: staff.id,
      });
      await other.http.get(`/api/files/${second.body.id}/download`).expect(200);
      // The same uploader sending it again gets their own record back, not a third one.
      const again = await other.http.post('/api/files').attach('file', bytes, { filename: '李四的会议记录.pdf' }).expect(201);
      expect(again.body.id).toBe(second.body.id);
    });

    it('refuses file names with bidi control characters', async () => {
      for (const name of ['invoice\u202Egpj.exe', 'a\u2066b.jpg', '\u200Fphoto.jpg', 'x\u061C.jpg']) {
        const res = await staff.http.post('/api/files').attach('file', jpeg(), { filename: name });
        expect(res.status).toBe(422);
        expect(res.body.message).toContain('文件名');
      }
    });

    it('accepts an Office file only when its container holds that format’s parts', async () => {
      const exeInDocx = await zip([
        ['[Content_Types].xml', contentTypes('/word/document.xml', DOCX_MAIN)],
        ['setup.exe', exe()],
      ]);
      const docxWithExe = await zip([
        ['[Content_Types].xml', contentTypes('/word/document.xml', DOCX_MAIN)],
        ['word/document.xml', '<w:document/>'],
        ['word/setup.exe', exe()],
      ]);
      const pptxNoPresentation = await zip([
        ['[Content_Types].xml', contentTypes('/ppt/presentation.xml', PPTX_MAIN)],
        ['ppt/slides/slide1.xml', '<p:sld/>'],
      ]);
      for (const [name, buf] of [
        ['会议记录.docx', exeInDocx],
        ['会议记录2.docx', docxWithExe],
        ['汇报.pptx', pptxNoPresentation],
      ] as const) {
        const res = await staff.http.post('/api/files').attach('file', buf, { filename: name });
        expect(res.status).toBe(415);
        expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
      }
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('签到').addRow(['姓名', '签到']);
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      expect((await staff.http.post('/api/files').attach('file', xlsx, { filename: '签到表.xlsx' }).expect(201)).body.ext).toBe('xlsx');
      expect(
        (
          await staff.http
            .post('/api/files')
            .attach('file', await docx('会议记录'), { filename: '会议记录.docx' })
            .expect(201)
        ).body.ext,
      ).toBe('docx');
    });

    it('CR/LF never reaches an attachment file name', async () => {
      const body = Buffer.concat([
        Buffer.from(
          `--b1\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''evil%0D%0AX-Injected%3A%201.jpg\r\nContent-Type: image/jpeg\r\n\r\n`,
        ),
        jpeg(),
        Buffer.from('\r\n--b1--\r\n'),
      ]);
      const res = await staff.http.post('/api/files').set('Content-Type', 'multipart/form-data; boundary=b1').send(body);
      expect(res.status).toBe(422);
      const ok = await staff.http.post('/api/files').attach('file', jpeg(), { filename: '照片.jpg' }).expect(201);
      const dl = await staff.http.get(`/api/files/${ok.body.id}/download`).expect(200);
      expect(dl.headers['content-disposition']).not.toMatch(/[\r\n]/);
    });

    it('ids are decimal only: 0x1, 1.0, 1e3, +1 are a 400 that quotes the id as typed', async () => {
      for (const id of ['0x1', '1.0', '1e3', '+1', '01', ' 1']) {
        for (const url of [`/api/tasks/${encodeURIComponent(id)}`, `/api/files/${encodeURIComponent(id)}`]) {
          const res = await t.api.get(url);
          expect(res.status).toBe(400);
          expect(res.body.errors.id[0]).toContain(`"${id}"`);
          expect(JSON.stringify(res.body)).not.toContain('NaN');
        }
      }
      // Numbers in queries are decimal too (422 keyed by the field, quoting the value).
      for (const [q, field] of [
        ['owner=0x1', 'owner'],
        ['page=1.0', 'page'],
        ['plan=1e3', 'plan'],
      ]) {
        const res = await t.api.get(`/api/tasks?${q}`).expect(422);
        expect(res.body.errors[field][0]).toContain(q.split('=')[1]);
      }
      const n = await t.api.get('/api/notifications?page=0x2').expect(422);
      expect(n.body.errors.page[0]).toContain('0x2');
      await t.api.get('/api/tasks?owner=1&page=2').expect(200);
    });
  });

  describe('12. report re-send', () => {
    it('is rate limited per org, with a Chinese 429 saying when to try again; another org is not affected', async () => {
      const limit = t.config.reports.resendPerHour;
      for (let i = 0; i < limit; i++) await presidium.http.post('/api/reports/quarterly/send').send({ year: 2024, quarter: 1 }).expect(202);
      // Another member of the same org shares the org's allowance.
      const res = await t.api.post('/api/reports/quarterly/send').send({ year: 2024, quarter: 1 }).expect(429);
      expect(res.body.code).toBe('REPORT_RESEND_LIMITED');
      expect(res.body.message).toMatch(/请在.*再试/);
      expect(res.body.details.retryAfterSeconds).toBeGreaterThan(0);
      expect(res.headers['retry-after']).toBe(String(res.body.details.retryAfterSeconds));
      const b = await otherOrg('丙镇人大主席团');
      await t.as(b.token).post('/api/reports/quarterly/send').send({ year: 2024, quarter: 1 }).expect(202);
    });

    it('a refused re-send (no right, bad input) does not use up the org’s allowance', async () => {
      const d = await otherOrg('丁镇人大主席团');
      const clerk = await addUser(db, t.clock, {
        email: 'clerk@ding.test',
        name: '丁镇办事员',
        roles: ['staff'],
        orgName: String(d.orgId),
        password: 'clerk-password-1',
      });
      const clerkToken = await t.login(clerk.email!, 'clerk-password-1');
      for (let i = 0; i < t.config.reports.resendPerHour + 2; i++) {
        await t.as(clerkToken).post('/api/reports/quarterly/send').send({ year: 2024, quarter: 2 }).expect(403);
        await t.as(d.token).post('/api/reports/quarterly/send').send({ year: 2024, quarter: 9 }).expect(422);
      }
      await t.as(d.token).post('/api/reports/quarterly/send').send({ year: 2024, quarter: 2 }).expect(202);
    });
  });
});
