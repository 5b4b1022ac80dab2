import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Brackets, DataSource } from 'typeorm';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { createApp } from '../src/main.js';
import { ReportDelivery } from '../src/reports/report-delivery.entity.js';
import { ReportsService } from '../src/reports/reports.service.js';
import { renderJson } from '../src/reports/render-json.js';
import { LEDGER_COLUMNS } from '../src/reports/render-xlsx.js';
import { Task } from '../src/tasks/task.entity.js';
import { jpeg } from './support/files.js';
import { createTestApp, TEST_DB, testConfig, type TestApp, type TestUser } from './support/test-app.js';

jest.setTimeout(120_000);

const bj = (s: string) => new Date(`${s}+08:00`);
const PRESIDIUM = 'zhuxi@town.test';
const OFFICE = 'office@town.test';

/** A raw SMTP sink: keeps whole messages, so attachments can be read back byte for byte. */
class RawSink {
  readonly mails: Array<{ to: string[]; raw: string }> = [];
  private server!: SMTPServer;
  port = 0;
  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 50 * 1024 * 1024,
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('latin1') });
          cb();
        });
      },
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** The parts of a MIME message with their headers and (base64-decoded) bodies. */
function mimeParts(raw: string): Array<{ head: string; body: Buffer }> {
  return raw
    .split(/\r?\n--[^\r\n]+\r?\n/)
    .slice(1)
    .map((part) => {
      const i = part.search(/\r?\n\r?\n/);
      const head = part.slice(0, i).replace(/\r?\n[ \t]+/g, ' ');
      const text = part.slice(i).replace(/\r?\n--[^\r\n]+--\s*$/, '');
      const qp = (x: string) =>
        Buffer.from(
          x.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        );
      const body = /Content-Transfer-Encoding:\s*base64/i.test(head)
        ? Buffer.from(text.replace(/\s+/g, ''), 'base64')
        : /quoted-printable/i.test(head)
          ? qp(text)
          : Buffer.from(text, 'latin1');
      return { head, body };
    });
}

describe(`quarterly report: API, formats, scheduled email exactly once (${TEST_DB})`, () => {
  let t: TestApp;
  let sink: RawSink;
  let db: DataSource;
  let reports: ReportsService;
  let orgId: number;
  let staffA: TestUser;
  let staffB: TestUser;
  let presidium: TestUser;
  let tasks: Array<{ id: number; itemId: number; periodKey: string; dueDay: string }>;
  let items: number[];
  const second: INestApplication[] = [];

  beforeAll(async () => {
    sink = new RawSink();
    await sink.start();
    t = await createTestApp('2024-01-02T01:00:00Z', { SMTP_PORT: String(sink.port) });
    t.config.reports.recipients = [OFFICE];
    db = t.app.get(DataSource);
    reports = t.app.get(ReportsService);
    orgId = t.admin.orgId;
    const unitA = (await t.api.post('/api/units').send({ orgId, name: '综合办' }).expect(201)).body.id;
    const unitB = (await t.api.post('/api/units').send({ orgId, name: '代表工作室' }).expect(201)).body.id;
    staffA = await t.addUser({ name: '张三', roles: ['staff'], unitId: unitA });
    staffB = await t.addUser({ name: '李四', roles: ['staff'], unitId: unitB });
    presidium = await t.addUser({ name: '钱主席', roles: ['presidium'], email: PRESIDIUM });
    const plan = await t.api
      .post('/api/plans')
      .send({
        orgId,
        year: 2024,
        title: '某某镇人大主席团2024年工作计划',
        items: [
          { title: '召开主席团例会', timeText: '每季度召开一次', ownerId: staffA.id, unitId: unitA },
          { title: '组织代表开展走访活动', timeText: '每月', ownerId: staffB.id, unitId: unitB },
          { title: '开展财政预算执行情况调研', timeText: '8月底前', ownerId: staffB.id, unitId: unitB, evidenceRequirements: [{ kind: '会议记录', min: 1 }] },
          { title: '开展廉政专题教育', timeText: '6月底前', ownerId: staffA.id, unitId: unitA },
        ],
      })
      .expect(201);
    await t.api.post(`/api/plans/${plan.body.id}/activate`).expect(200);
    items = plan.body.items.map((i: { id: number }) => i.id);
    tasks = (await t.api.get('/api/tasks').query({ plan: plan.body.id, pageSize: 500 }).expect(200)).body.items;
    expect(tasks).toHaveLength(4 + 12 + 1 + 1);
  });
  afterAll(async () => {
    for (const a of second) await a.close();
    await t?.close();
    await sink?.stop();
  });

  /** item index (0-based) and month/quarter ordinal (0-based) → task id */
  const task = (item: number, n = 0) => tasks.filter((x) => x.itemId === items[item]).sort((a, b) => a.dueDay.localeCompare(b.dueDay))[n].id;
  const at = (s: string) => t.clock.set(bj(s));
  const submit = (u: TestUser, id: number) => u.http.post(`/api/tasks/${id}/submit`).send({}).expect(200);
  const accept = (id: number) => presidium.http.post(`/api/tasks/${id}/accept`).send({}).expect(200);
  const giveBack = (id: number) => presidium.http.post(`/api/tasks/${id}/return`).send({ comment: '材料不全，请补充' }).expect(200);
  const report = async (year: number, quarter: number) =>
    (await presidium.http.get('/api/reports/quarterly').query({ year, quarter, format: 'json' }).expect(200)).body;

  /** The same numbers counted directly over the task table at the clock's instant. */
  async function directCounts(year: number, quarter: number): Promise<Record<string, number>> {
    const start = `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
    const end = `${year}-${String(quarter * 3).padStart(2, '0')}-${quarter === 1 || quarter === 4 ? 31 : 30}`;
    const now = t.clock.now().getTime();
    const base = () =>
      db
        .getRepository(Task)
        .createQueryBuilder('t')
        .where('t.org_id = :orgId AND t.due_day <= :end', { orgId, end })
        .andWhere(new Brackets((b) => b.where('t.due_day >= :start', { start }).orWhere("t.status IN ('scheduled','open','returned','submitted')")));
    const unfinished = "t.status IN ('scheduled','open','returned')";
    return {
      total: await base().getCount(),
      done: await base().andWhere("t.status = 'done'").getCount(),
      doneOnTime: await base().andWhere("t.status = 'done' AND t.on_time = :yes", { yes: true }).getCount(),
      doneLate: await base().andWhere("t.status = 'done' AND t.on_time = :no", { no: false }).getCount(),
      submitted: await base().andWhere("t.status = 'submitted'").getCount(),
      cancelled: await base().andWhere("t.status = 'cancelled'").getCount(),
      overdue: await base().andWhere(`${unfinished} AND t.due_at < :now`, { now }).getCount(),
      open: await base().andWhere(`${unfinished} AND t.due_at >= :now`, { now }).getCount(),
    };
  }
  const pick = (c: Record<string, number>) => ({
    total: c.total,
    done: c.done,
    doneOnTime: c.doneOnTime,
    doneLate: c.doneLate,
    submitted: c.submitted,
    cancelled: c.cancelled,
    overdue: c.overdue,
    open: c.open,
  });

  it('Q1: report numbers match a direct count over the task table at the send instant', async () => {
    at('2024-03-20T10:00:00');
    await submit(staffA, task(0, 0));
    await accept(task(0, 0));
    await submit(staffB, task(1, 0)); // January, submitted late
    await accept(task(1, 0));
    await submit(staffB, task(1, 2)); // March, awaiting review at quarter end
    at('2024-04-01T09:00:00');
    const r = await report(2024, 1);
    expect(pick(r.totals)).toEqual(await directCounts(2024, 1));
    expect(r.totals).toMatchObject({ total: 4, doneOnTime: 1, doneLate: 1, submitted: 1, overdue: 1 });
  });

  it('Q2: carried-over and returned tasks count as the table says', async () => {
    at('2024-05-10T10:00:00');
    await accept(task(1, 2));
    await submit(staffB, task(1, 3)); // April: returned, still returned at quarter end → overdue
    await giveBack(task(1, 3));
    await submit(staffB, task(1, 4));
    await accept(task(1, 4));
    await submit(staffA, task(3));
    await accept(task(3));
    at('2024-07-01T09:00:00');
    const r = await report(2024, 2);
    expect(pick(r.totals)).toEqual(await directCounts(2024, 2));
    expect(r.scope.carriedOver).toBe(1); // February, still open
  });

  it('Q3: the API scenario compiles to the right sections, tables and numbers in DOCX and XLSX', async () => {
    at('2024-08-20T10:00:00');
    const up = await staffB.http
      .post(`/api/tasks/${task(2)}/evidence/files`)
      .attach('file', jpeg(), { filename: '调研座谈会记录.jpg' })
      .field('kind', '会议记录');
    expect(up.status).toBe(201);
    await submit(staffB, task(2));
    await giveBack(task(2));
    await submit(staffB, task(2));
    await giveBack(task(2));
    await submit(staffB, task(2));
    await accept(task(2)); // on time (submitted before 8月底), returned twice
    await submit(staffB, task(1, 6)); // July: late
    await accept(task(1, 6));
    await t.api
      .post(`/api/tasks/${task(1, 7)}/cancel`)
      .send({ reason: '与专题调研合并' })
      .expect(200);
    at('2024-09-29T10:00:00');
    await submit(staffA, task(0, 2)); // Q3 meeting: awaiting review
    at('2024-10-08T09:00:00');
    const r = await report(2024, 3);
    expect(pick(r.totals)).toEqual(await directCounts(2024, 3));
    // The JSON is written to a temporary file piece by piece and streamed from it: the bytes are exactly
    // JSON.stringify of the report, the length header is right, and no temporary file is left behind.
    const raw = await presidium.http
      .get('/api/reports/quarterly')
      .query({ year: 2024, quarter: 3, format: 'json' })
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(raw.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(raw.headers['content-length'])).toBe((raw.body as Buffer).length);
    expect((raw.body as Buffer).equals(Buffer.from(renderJson(await reports.build(orgId, 2024, 3)), 'utf8'))).toBe(true);
    expect(readdirSync(os.tmpdir()).filter((f) => f.startsWith(`ducha-report-${process.pid}-`))).toEqual([]);
    // in the quarter: Q3 meeting (submitted), Jul (late), Aug (cancelled), Sep (overdue), 8月底 调研 (on time);
    // carried over, all overdue: Feb, Apr (returned), Jun, the Q2 meeting
    expect(r.totals).toMatchObject({ total: 9, doneOnTime: 1, doneLate: 1, submitted: 1, cancelled: 1, overdue: 5, open: 0 });
    expect(r.scope).toEqual({ total: 9, dueInQuarter: 5, carriedOver: 4 });
    expect(r.repeatedReturns.map((x: { taskId: number }) => x.taskId)).toEqual([task(2)]);
    expect(r.evidence).toMatchObject({ files: 1, tasksWithEvidence: 1 });

    const docx = await presidium.http
      .get('/api/reports/quarterly')
      .query({ year: 2024, quarter: 3, format: 'docx' })
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.headers['content-disposition']).toMatch(/^attachment; filename="[^"]*\.docx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(docx.headers['content-disposition'].split("UTF-8''")[1])).toMatch(/2024年第三季度督查通报\.docx$/);
    const { value: text } = await mammoth.extractRawText({ buffer: docx.body as Buffer });
    let pos = -1;
    for (const s of [
      '2024年第三季度工作计划落实情况督查通报',
      '现将有关情况通报如下',
      '一、总体情况',
      '二、完成情况',
      '表1',
      '三、存在问题',
      '四、下一步工作',
      '附件',
    ]) {
      const i = text.indexOf(s, pos + 1);
      expect({ s, found: i > pos }).toEqual({ s, found: true });
      pos = i;
    }
    const cells = text
      .split(/\n+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const total = cells.indexOf('合计');
    expect(cells.slice(total, total + 11)).toEqual(['合计', '9', '2', '1', '1', '1', '0', '5', '1', '25.0%', '12.5%']);
    expect(text).toContain('开展财政预算执行情况调研');

    const xlsx = await presidium.http
      .get('/api/reports/quarterly')
      .query({ year: 2024, quarter: 3, format: 'xlsx' })
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toMatch(/^attachment; /);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.getWorksheet('台账')!;
    expect(ws.rowCount).toBe(1 + 9);
    const col = (h: string) => LEDGER_COLUMNS.findIndex((c) => c.header === h) + 1;
    const rows = Array.from({ length: 9 }, (_, i) => ws.getRow(i + 2).values as unknown[]);
    expect(rows.filter((x) => x[col('状态')] === '逾期')).toHaveLength(5);
    expect(rows.find((x) => x[col('任务编号')] === task(2))![col('退回次数')]).toBe(2);
    expect(rows.find((x) => x[col('任务编号')] === task(2))![col('佐证数量')]).toBe(1);
    expect(rows.filter((x) => x[col('此前遗留')] === '是')).toHaveLength(4);
    const sum: unknown[][] = [];
    wb.getWorksheet('汇总')!.eachRow((row) => sum.push((row.values as unknown[]).slice(1)));
    expect(sum).toContainEqual(['逾期未完成', 5]);
    expect(sum).toContainEqual(['合计', 9, 2, 1, 1, 1, 0, 5, 1, '25.0%', '12.5%']);

    const html = await presidium.http.get('/api/reports/quarterly').query({ year: 2024, quarter: 3, format: 'html' }).expect(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.text).toContain('三、存在问题');
  });

  it('refuses staff and unit heads (403), other orgs, and bad input (422) with Chinese messages', async () => {
    expect((await staffA.http.get('/api/reports/quarterly').query({ year: 2024, quarter: 3 }).expect(403)).body.message).toContain('主席团');
    await staffA.http.post('/api/reports/quarterly/send').send({ year: 2024, quarter: 3 }).expect(403);
    await presidium.http
      .get('/api/reports/quarterly')
      .query({ year: 2024, quarter: 3, orgId: orgId + 100 })
      .expect(403);
    expect((await presidium.http.get('/api/reports/quarterly').query({ year: 2024, quarter: 5 }).expect(422)).body.errors.quarter[0]).toContain('季度');
    await presidium.http.get('/api/reports/quarterly').query({ year: 2024, quarter: 3, format: 'pdf' }).expect(422);
    await t.api.get('/api/reports/quarterly').query({ year: 2024, quarter: 3 }).expect(200); // admin
  });

  it('the scheduled email goes out once, with both attachments, though two instances tick and the job is enqueued twice', async () => {
    at('2024-10-07T18:00:00'); // National Day holiday: not yet the send day
    expect(await reports.tick()).toEqual([]);
    at('2024-10-08T09:05:00');
    const config = testConfig(t.config.databaseUrl, { DUCHA_QUEUE_PREFIX: t.config.queuePrefix, SMTP_PORT: String(sink.port) });
    config.reports.recipients = [OFFICE];
    const other = await createApp({ config, clock: t.clock, redisUrl: config.redisUrl! }, false);
    await other.init();
    second.push(other);
    const otherReports = other.get(ReportsService);
    const ids = await Promise.all([reports.tick(), otherReports.tick(), reports.enqueueScheduled(orgId, 2024, 3), otherReports.tick()]);
    expect(ids[0]).toEqual([`report:${orgId}:2024-Q3`]);
    await Promise.all([reports.waitForIdle(), otherReports.waitForIdle()]);
    // and directly, as a crashed-and-restarted worker would
    expect(await otherReports.sendScheduled(orgId, 2024, 3)).toBe('skipped');
    expect(await reports.tick()).toEqual([]);

    expect(sink.mails).toHaveLength(1);
    const mail = sink.mails[0];
    expect(mail.to.sort()).toEqual([OFFICE, PRESIDIUM].sort());
    expect(mail.raw).toMatch(/Message-ID: <ducha\.report\.\d+\.2024-Q3@/i);
    const parts = mimeParts(mail.raw);
    const docx = parts.find((p) => /wordprocessingml/.test(p.head))!;
    const xlsx = parts.find((p) => /spreadsheetml/.test(p.head))!;
    expect(docx.head).toMatch(/attachment/);
    expect((await mammoth.extractRawText({ buffer: docx.body })).value).toContain('一、总体情况');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.getWorksheet('台账')!.rowCount).toBe(10);
    expect(parts.some((p) => /text\/html/.test(p.head) && p.body.toString('utf8').includes('三、存在问题'))).toBe(true);
    const row = await db.getRepository(ReportDelivery).findOneByOrFail({ key: `report:${orgId}:2024-Q3` });
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    rmSync(config.dataDir, { recursive: true, force: true });
  });

  it('an explicit re-send bypasses the once-guard and is audited', async () => {
    const res = await presidium.http.post('/api/reports/quarterly/send').send({ year: 2024, quarter: 3 }).expect(202);
    expect(res.body.recipients.sort()).toEqual([OFFICE, PRESIDIUM].sort());
    await reports.waitForIdle();
    expect(sink.mails).toHaveLength(2);
    const audit = await db.getRepository(AuditEvent).findBy({ action: 'report.resend' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: presidium.id, orgId, data: { year: 2024, quarter: 3 } });
  });

  it('Q4: numbers still match the table at the next send instant', async () => {
    at('2024-12-10T10:00:00');
    for (const n of [9, 10]) {
      await submit(staffB, task(1, n));
      await accept(task(1, n));
    }
    at('2025-01-02T09:00:00');
    const r = await report(2024, 4);
    expect(pick(r.totals)).toEqual(await directCounts(2024, 4));
    expect(r.totals.overdue).toBeGreaterThan(0);
  });

  it('CLI: ducha report writes json, html, docx and xlsx with progress lines; bad input exits non-zero in Chinese', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'ducha-report-'));
    const env = {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'test',
      DATABASE_URL: t.config.databaseUrl,
      DUCHA_NOW: '2024-10-08T09:00:00+08:00',
      DUCHA_DATA_DIR: out,
    };
    const cli = (args: string[]) => spawnSync(process.execPath, ['bin/ducha.js', 'report', ...args], { encoding: 'utf8', env });
    try {
      const ok = cli(['--year', '2024', '--quarter', '3', '--org', String(orgId), '--out', path.join(out, 'r')]);
      expect({ code: ok.status, stderr: ok.stderr }).toEqual({ code: 0, stderr: '' });
      expect(ok.stdout).toContain('读取数据');
      expect(ok.stdout).toContain('完成，共写出 4 个文件');
      const files = readdirSync(path.join(out, 'r'));
      expect(files.map((f) => path.extname(f)).sort()).toEqual(['.docx', '.html', '.json', '.xlsx']);
      const json = JSON.parse(
        readFileSync(
          path.join(
            out,
            'r',
            files.find((f) => f.endsWith('.json'))!,
          ),
          'utf8',
        ),
      );
      expect(json.totals).toMatchObject({ total: 9, submitted: 1, cancelled: 1 });

      for (const bad of [
        ['--year', '2024', '--quarter', '5', '--out', out],
        ['--year', '2024', '--out', out],
        ['--year', '2024', '--quarter', '3', '--org', '999', '--out', out],
      ]) {
        const r = cli(bad);
        expect(r.status).not.toBe(0);
        expect(r.stderr).toMatch(/季度|缺少|组织不存在/);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

function binary(res: NodeJS.ReadableStream, cb: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
