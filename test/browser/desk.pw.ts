/// <reference lib="dom" />
// The desk pages the five flows do not walk, each doing what its user does there, at desktop size:
// the overdue list, a failed message retried, people and units, the reminder policy, the burden
// view and the quarterly report (preview, downloads, send now). Its own server and clock.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { readFileSync } from 'node:fs';
import { ADMIN, startServer, type Server } from './server.js';
import { context, open, signIn, snap } from './support.js';

test.describe.configure({ mode: 'serial' });

const bj = (s: string) => `${s}+08:00`;
const TITLE = '召开廉政风险防控专题教育会';
const OWNER = { name: '张三', email: 'zhangsan@town.test' };
const PRESIDIUM = { name: '王五', email: 'wangwu@town.test' };

let server: Server;
let desk: BrowserContext;
let page: Page;
let orgId: number;
let presidiumId: number;
let taskId: number;

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  server = await startServer(bj('2018-03-01T08:00:00'));
  const api = <T>(method: string, p: string, body?: unknown) => server.api<T>(method, p, body, server.adminToken);
  orgId = (await api<{ orgId: number }>('GET', '/auth/me')).orgId;
  const unitId = (await api<{ id: number }>('POST', '/units', { orgId, name: '镇纪委' })).id;
  const owner = await api<{ id: number }>('POST', '/people', { orgId, name: OWNER.name, email: OWNER.email, roles: ['staff'], unitId });
  // The presidium member's channel is 企业微信, which this server has not been set up for: his alert fails.
  presidiumId = (
    await api<{ id: number }>('POST', '/people', { orgId, name: PRESIDIUM.name, email: PRESIDIUM.email, roles: ['presidium'], notifyChannel: 'wecom-app' })
  ).id;
  const plan = await api<{ id: number }>('POST', '/plans', {
    orgId,
    year: 2018,
    title: '2018年镇人大工作要点',
    items: [{ title: TITLE, timeText: '3月份', ownerId: owner.id, unitId, evidenceRequirements: [{ kind: '照片', min: 2 }] }],
  });
  await api('POST', `/plans/${plan.id}/activate`, {});
  taskId = (await api<{ items: Array<{ id: number }> }>('GET', `/tasks?plan=${plan.id}`)).items[0].id;
  // March: window open, five and one working days before the due day (Sat 31 March); then nobody acts until 10 April.
  for (const at of ['2018-03-01T10:00:00', '2018-03-26T10:00:00', '2018-03-30T10:00:00', '2018-04-10T10:00:00']) {
    server.setNow(bj(at));
    await server.tick();
  }
  desk = await context(browser, 'desktop', server.url);
  page = await desk.newPage();
  await page.goto('/overdue');
  await signIn(page, ADMIN);
});

test.afterAll(async () => {
  await desk?.close();
  await server?.close();
});

test('overdue list: days overdue, escalation level, owner, unit, missing evidence; the title opens the task', async () => {
  await open(page, '/overdue', ADMIN);
  const row = page.locator('.el-table__row', { hasText: TITLE });
  await expect(row).toBeVisible();
  await expect(row).toContainText('10 天'); // 31 March → 10 April
  await expect(row).toContainText('已报主席团');
  await expect(row).toContainText(OWNER.name);
  await expect(row).toContainText('镇纪委');
  await expect(row).toContainText('照片 缺 2 份');
  await snap(page, 'desk-overdue');
  await row.getByRole('link', { name: TITLE }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${taskId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(TITLE);
});

test('failed notifications: the presidium alert that could not go out, retried after the channel is fixed, arrives', async () => {
  await open(page, '/office/notifications', ADMIN);
  const row = page.locator('.el-table__row', { hasText: PRESIDIUM.name });
  await expect(row).toBeVisible();
  await expect(row).toContainText('主席团督查日报');
  await expect(row).toContainText('企业微信');
  await expect(row).toContainText('王五 没有企业微信 userid');
  await snap(page, 'desk-notifications-failed');
  expect(server.smtp.mails.filter((m) => m.to.includes(PRESIDIUM.email))).toHaveLength(0);
  // The office switches him to email on the people page, then retries from the notifications page.
  await open(page, '/office/people', ADMIN);
  const person = page.locator('.el-table__row', { hasText: PRESIDIUM.email });
  await expect(person).toContainText('企业微信');
  await person.getByRole('button', { name: `编辑${PRESIDIUM.name}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('企业微信 userid')).toBeVisible(); // asked for because the channel is 企业微信
  await snap(page, 'desk-people-edit');
  // A bad address is refused by the server and shown at its field, in Chinese; nothing is saved.
  await dialog.getByLabel('编辑邮箱').fill('wangwu-at-town');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('邮箱格式不正确')).toBeVisible();
  await dialog.getByLabel('编辑邮箱').fill(PRESIDIUM.email);
  await dialog.locator('.el-select', { has: page.getByRole('combobox', { name: '提醒方式' }) }).click();
  await page.getByRole('listbox', { name: '提醒方式' }).getByRole('option', { name: '邮件', exact: true }).click();
  await expect(dialog.getByLabel('企业微信 userid')).toBeHidden();
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(`已保存${PRESIDIUM.name}的设置`)).toBeVisible();
  await expect(person).toContainText('邮件');
  const saved = await server.api<Array<{ id: number; notifyChannel: string | null }>>('GET', `/people?orgId=${orgId}`, undefined, server.adminToken);
  expect(saved.find((p) => p.id === presidiumId)!.notifyChannel).toBe('email');
  await snap(page, 'desk-people-channel');
  await open(page, '/office/notifications', ADMIN);
  await row.getByRole('button', { name: '重新发送' }).click();
  await expect(page.getByText('已重新发送')).toBeVisible();
  await expect(page.getByText('没有发送失败的提醒')).toBeVisible();
  await expect.poll(() => server.smtp.mails.filter((m) => m.to.includes(PRESIDIUM.email)).length).toBe(1);
  const mail = server.smtp.mails.find((m) => m.to.includes(PRESIDIUM.email))!;
  expect(mail.body).toContain(TITLE);
});

test('people and units: a new unit, a new person in it, made its head — listed and saved', async () => {
  await open(page, '/office/people', ADMIN);
  await page.getByLabel('新单位名称').fill('镇财政所');
  await page.getByRole('button', { name: '添加单位' }).click();
  const unitRow = page.locator('.card').first().locator('.el-table__row', { hasText: '镇财政所' });
  await expect(unitRow).toBeVisible();

  const form = page.locator('form', { has: page.getByRole('button', { name: '添加人员' }) });
  await form.getByLabel('姓名').fill('钱七');
  await form.getByLabel('邮箱').fill('qianqi@town.test');
  await form.getByLabel('手机').fill('13800000007');
  await form.locator('.el-select', { has: page.getByRole('combobox', { name: '单位', exact: true }) }).click();
  await page.getByRole('listbox', { name: '单位', exact: true }).getByRole('option', { name: '镇财政所', exact: true }).click();
  await form.getByRole('button', { name: '添加人员' }).click();
  const personRow = page.locator('.el-table__row', { hasText: 'qianqi@town.test' });
  await expect(personRow).toContainText('钱七');
  await expect(personRow).toContainText('镇财政所');
  await expect(personRow).toContainText('13800000007');

  await unitRow.locator('.el-select').click();
  await page.getByRole('listbox', { name: '单位负责人' }).getByRole('option', { name: '钱七', exact: true }).click();
  await expect(page.getByText('已设置镇财政所负责人')).toBeVisible();
  await snap(page, 'desk-people');
  const units = await server.api<Array<{ name: string; headId: number | null }>>('GET', `/units?orgId=${orgId}`, undefined, server.adminToken);
  const people = await server.api<Array<{ id: number; name: string; unitId: number | null }>>('GET', `/people?orgId=${orgId}`, undefined, server.adminToken);
  const qian = people.find((p) => p.name === '钱七')!;
  expect(units.find((u) => u.name === '镇财政所')!.headId).toBe(qian.id);
});

test('reminder policy: the presidium is told after 5 working days instead of 3; saved and shown again after a reload', async () => {
  await open(page, '/office/policy', ADMIN);
  const field = page.locator('.el-form-item', { hasText: '逾期几个工作日报主席团' }).locator('input');
  await expect(field).toHaveValue('3');
  await field.fill('5');
  await field.blur();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('提醒规则已保存')).toBeVisible();
  await page.reload();
  await expect(page.locator('.el-form-item', { hasText: '逾期几个工作日报主席团' }).locator('input')).toHaveValue('5');
  await snap(page, 'desk-policy');
  const policy = await server.api<{ level2AfterWorkingDays: number }>('GET', `/orgs/${orgId}/policy`, undefined, server.adminToken);
  expect(policy.level2AfterWorkingDays).toBe(5);
});

test('burden: per person and month the tasks due, the uploads asked for and the messages sent', async () => {
  await open(page, '/office/burden', ADMIN);
  const row = page.locator('.el-table__row', { hasText: OWNER.name }).first();
  await expect(row).toBeVisible();
  // The table's columns: 人员, 单位, 1月 … 12月 (a fixed first column is rendered twice; read the cell titles).
  const march = row.locator('td').nth(2 + 2);
  await expect(march).toHaveText('1 / 2 / 3'); // one task due, two photos asked, three reminders (1, 26, 30 March)
  const april = row.locator('td').nth(2 + 3);
  await expect(april).toHaveText('0 / 0 / 1'); // the catch-up chase of 10 April
  await snap(page, 'desk-burden');
});

test('quarterly report: preview, Word and Excel downloads that hold the report, send now', async () => {
  await open(page, '/reports', ADMIN);
  await page.locator('.el-select', { has: page.getByRole('combobox', { name: '季度' }) }).click();
  await page.getByRole('option', { name: '第一季度', exact: true }).click();
  await page.getByRole('button', { name: '预览' }).click();
  const frame = page.frameLocator('iframe[title="通报预览"]');
  await expect(frame.locator('body')).toContainText(TITLE);
  await expect(frame.locator('body')).toContainText('2018年第一季度');
  await snap(page, 'desk-report-preview');

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Excel' }).click()]);
  expect(xlsx.suggestedFilename()).toBe('2018年第1季度督查通报.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync((await xlsx.path())!) as never);
  const cells: string[] = [];
  book.eachSheet((sheet) => sheet.eachRow((r) => r.eachCell((c) => cells.push(String(c.text)))));
  expect(cells.some((c) => c.includes(TITLE))).toBe(true);

  const [docx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Word' }).click()]);
  expect(docx.suggestedFilename()).toBe('2018年第1季度督查通报.docx');
  const text = (await mammoth.extractRawText({ path: (await docx.path())! })).value;
  expect(text).toContain(TITLE);

  const before = server.smtp.mails.filter((m) => m.to.includes(PRESIDIUM.email)).length;
  await page.getByRole('button', { name: '立即发送' }).click();
  await page.getByRole('button', { name: '发送', exact: true }).click();
  await expect(page.getByText('已安排发送')).toBeVisible();
  await expect.poll(() => server.smtp.mails.filter((m) => m.to.includes(PRESIDIUM.email)).length, { timeout: 20_000 }).toBe(before + 1);
  expect(server.smtp.mails.filter((m) => m.to.includes(PRESIDIUM.email)).at(-1)!.subject).toContain('通报');
});
