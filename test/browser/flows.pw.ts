/// <reference lib="dom" />
// The five flows of issue #9, in a real browser against the real server: the office at desktop size,
// staff on a phone (390×844), the presidium on a desktop. One server, one clock, steps in order.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { Document, Packer, Paragraph } from 'docx';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, ADMIN, type Server } from './server.js';
import { context, expectAccessible, open, signIn, snap } from './support.js';

test.describe.configure({ mode: 'serial' });

const HERE = path.dirname(fileURLToPath(import.meta.url));
const bj = (s: string) => `${s}+08:00`;
const STAFF_A = { email: 'zhangsan@town.test', password: 'zhangsan-pass-1', name: '张三' };
const STAFF_B = { email: 'zhaoliu@town.test', password: 'zhaoliu-pass-1', name: '赵六' };
const PRESIDIUM = { email: 'wangwu@town.test', password: 'wangwu-pass-1', name: '王五' };
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

interface TaskRow {
  id: number;
  itemId: number;
  dueDay: string;
  status: string;
  unitId: number | null;
}

let server: Server;
let office: BrowserContext;
let phoneA: BrowserContext;
let desk: BrowserContext;
let officePage: Page;
let phone: Page;
let presidium: Page;
let unitId: number;
let staffAId: number;
let planId: number;
let correctedItemId: number;
let taskId: number;
let extensionTaskId: number;

async function person(name: string, email: string, roles: string[], unit: number | null, password: string): Promise<number> {
  const me = await server.api<{ orgId: number }>('GET', '/auth/me', undefined, server.adminToken);
  const p = await server.api<{ id: number }>('POST', '/people', { orgId: me.orgId, name, email, roles, unitId: unit }, server.adminToken);
  await server.api('PUT', `/auth/people/${p.id}/password`, { password }, server.adminToken);
  return p.id;
}

async function samplePlansDocx(): Promise<Buffer> {
  const text = readFileSync(path.join(HERE, '../fixtures/township-work-plans.txt'), 'utf8');
  const doc = new Document({ sections: [{ children: text.split(/\r?\n/).map((line) => new Paragraph({ text: line })) }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** A real JPEG made by the browser's canvas; `big` makes one the phone must compress. */
async function photo(page: Page, label: string, big: boolean): Promise<Buffer> {
  const b64 = await page.evaluate(
    ([text, large]) => {
      const c = document.createElement('canvas');
      c.width = large ? 2400 : 800;
      c.height = large ? 1800 : 600;
      const g = c.getContext('2d')!;
      const img = g.createImageData(c.width, c.height);
      for (let i = 0; i < img.data.length; i += 4) {
        img.data[i] = (i / 4) % 256;
        img.data[i + 1] = Math.random() * 255;
        img.data[i + 2] = 120;
        img.data[i + 3] = 255;
      }
      g.putImageData(img, 0, 0);
      g.fillStyle = '#fff';
      g.font = '64px sans-serif';
      g.fillText(text as string, 40, 120);
      return c.toDataURL('image/jpeg', 0.92).split(',')[1];
    },
    [label, big] as const,
  );
  return Buffer.from(b64, 'base64');
}

async function boardRed(page: Page, unit: number, month: number): Promise<number> {
  await open(page, '/board', PRESIDIUM);
  const cell = page.locator(`[data-cell="${unit}-${month}"]`);
  await expect(cell).toBeVisible();
  const label = (await cell.getAttribute('aria-label')) ?? '';
  return Number(/红灯(\d+)项/.exec(label)?.[1] ?? NaN);
}

async function chooseOption(page: Page, selectLabel: string, option: string): Promise<void> {
  await page.locator('.el-select', { has: page.getByRole('combobox', { name: selectLabel, exact: true }) }).click();
  await page.getByRole('listbox', { name: selectLabel, exact: true }).getByRole('option', { name: option, exact: true }).click();
}

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  server = await startServer(bj('2018-02-26T10:00:00'));
  const me = await server.api<{ orgId: number }>('GET', '/auth/me', undefined, server.adminToken);
  unitId = (await server.api<{ id: number }>('POST', '/units', { orgId: me.orgId, name: '镇纪委' }, server.adminToken)).id;
  const other = (await server.api<{ id: number }>('POST', '/units', { orgId: me.orgId, name: '镇党政办' }, server.adminToken)).id;
  staffAId = await person(STAFF_A.name, STAFF_A.email, ['staff'], unitId, STAFF_A.password);
  await person(STAFF_B.name, STAFF_B.email, ['staff'], other, STAFF_B.password);
  await person(PRESIDIUM.name, PRESIDIUM.email, ['presidium'], null, PRESIDIUM.password);
  office = await context(browser, 'desktop', server.url);
  phoneA = await context(browser, 'phone', server.url);
  desk = await context(browser, 'desktop', server.url);
  officePage = await office.newPage();
  phone = await phoneA.newPage();
  presidium = await desk.newPage();
});

test.afterAll(async () => {
  await Promise.all([office?.close(), phoneA?.close(), desk?.close()]);
  await server?.close();
});

test('1. the office imports the sample plans (.docx), corrects a time, assigns owners, previews the year and activates', async () => {
  const page = officePage;
  await page.goto('/office/import');
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/office\/import$/);
  await snap(page, 'office-import');
  await page.getByTestId('plan-file').setInputFiles({
    name: '乡镇人大工作计划7篇.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: await samplePlansDocx(),
  });
  await expect(page.getByRole('heading', { name: /识别结果：\d+ 个计划/ })).toBeVisible();
  await snap(page, 'office-import-result');
  const first = page.locator('.plans li a').first();
  await first.click();
  await expect(page).toHaveURL(/\/office\/plans\/\d+$/);
  planId = Number(/plans\/(\d+)/.exec(page.url())![1]);

  // The review screen: each item beside its source sentence, the time marked in it.
  const row = page.locator('.items tbody tr', { hasText: '传达贯彻好中央' }).first();
  await expect(row.locator('mark')).toBeVisible();
  const timeInput = row.getByTestId('time-input');
  await timeInput.fill('3—4月份');
  await expect(row.getByTestId('time-preview')).toContainText('4月30日');
  await snap(page, 'office-time-preview');
  await timeInput.press('Enter');
  await expect(page.getByText('时间已更新')).toBeVisible();
  const items = await server.api<Array<{ id: number; title: string; timeText: string | null }>>('GET', `/plans/${planId}/items`, undefined, server.adminToken);
  const corrected = items.find((i) => i.title.includes('传达贯彻好中央'))!;
  expect(corrected.timeText).toBe('3—4月份');
  correctedItemId = corrected.id;

  // Bulk assign every item to 镇纪委 / 张三.
  await page.locator('.items thead .el-checkbox').first().click();
  await chooseOption(page, '批量指定责任单位', '镇纪委');
  await chooseOption(page, '批量指定责任人', '张三');
  await page.getByRole('button', { name: /应用到已勾选/ }).click();
  await expect(page.getByText(/已为 \d+ 个事项指定/)).toBeVisible();
  await expect(page.getByText('项未指定责任人')).toHaveCount(0);
  await snap(page, 'office-assigned');

  await page.getByRole('button', { name: '预览启用后的提醒' }).click();
  await expect(page.getByTestId('year-preview')).toContainText(/将生成 \d+ 个时间节点/);
  // The year per person and month, as the preview endpoint computes it; the warning when someone gets too many.
  const year = (
    await server.api<{ year: { months: string[]; threshold: number; people: Array<{ name: string; months: number[]; total: number }> } }>(
      'POST',
      `/plans/${planId}/activation-preview`,
      { pastDue: 'grace', allowUnowned: true },
      server.adminToken,
    )
  ).year;
  const zhang = year.people.find((p) => p.name === STAFF_A.name)!;
  expect(zhang.total).toBeGreaterThan(0);
  const table = page.getByTestId('year-table');
  const zhangRow = table.locator('.el-table__body-wrapper .el-table__row', { hasText: STAFF_A.name });
  await expect(zhangRow).toBeVisible();
  await expect(zhangRow.locator('td').last()).toHaveText(String(zhang.total));
  const busiest = zhang.months.indexOf(Math.max(...zhang.months));
  await expect(zhangRow.locator('td').nth(1 + busiest)).toHaveText(String(zhang.months[busiest]));
  const over = year.people.filter((p) => p.months.some((n) => n > year.threshold));
  if (over.length) await expect(page.getByTestId('year-warning')).toContainText(`${over[0].name}（`);
  else await expect(page.getByTestId('year-warning')).toHaveCount(0);
  await snap(page, 'office-year-preview');
  await page.getByRole('button', { name: '启用计划' }).click();
  await expect(page.getByText(/计划已启用/)).toBeVisible();
  await expect(page.getByText('已启用').first()).toBeVisible();
  await snap(page, 'office-activated');

  const tasks = await server.api<{ items: TaskRow[] }>('GET', `/tasks?plan=${planId}&owner=${staffAId}&pageSize=500`, undefined, server.adminToken);
  const task = tasks.items.find((t) => t.itemId === correctedItemId)!;
  expect(task.dueDay).toBe('2018-04-30');
  taskId = task.id;
});

test('2. the reminder link signs the owner in and lands on the task; two photos and a PDF are attached; submitted', async () => {
  server.setNow(bj('2018-03-01T09:30:00'));
  await server.tick();
  const mail = server.smtp.mails.find((m) => m.to.includes(STAFF_A.email) && m.body.includes(`/tasks/${taskId}`));
  expect(mail, `a reminder to ${STAFF_A.email} linking /tasks/${taskId}`).toBeTruthy();
  const link = new RegExp(`https?://[^\\s"<>]+/tasks/${taskId}(?![0-9])`).exec(mail!.body)![0];

  await phone.goto(link);
  await expect(phone).toHaveURL(/\/login\?next=/);
  await snap(phone, 'phone-login-from-link');
  await signIn(phone, STAFF_A);
  await expect(phone).toHaveURL(new RegExp(`/tasks/${taskId}$`));
  await expect(phone.getByRole('heading', { level: 1 })).toContainText('传达贯彻好中央');
  await snap(phone, 'phone-task');

  const big = await photo(phone, '现场照片一', true);
  const small = await photo(phone, '现场照片二', false);
  await phone.getByTestId('album').setInputFiles([
    { name: '现场照片一.jpg', mimeType: 'image/jpeg', buffer: big },
    { name: '现场照片二.jpg', mimeType: 'image/jpeg', buffer: small },
  ]);
  await expect(phone.getByTestId('attached').locator('li', { hasText: '现场照片二.jpg' })).toBeVisible();
  await expect(phone.getByTestId('attached').locator('li', { hasText: '现场照片一.jpg' })).toBeVisible();
  await phone.getByLabel('这份材料是').selectOption('签到表');
  await phone.getByTestId('document').setInputFiles({ name: '会议记录.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(phone.getByTestId('attached').locator('li', { hasText: '会议记录.pdf' })).toBeVisible();
  // The big photo was shrunk on the phone before upload.
  const ev = await server.api<{ evidence: Array<{ file: { originalName: string; size: number } | null }> }>(
    'GET',
    `/tasks/${taskId}/evidence`,
    undefined,
    server.adminToken,
  );
  const stored = ev.evidence.find((e) => e.file?.originalName === '现场照片一.jpg')!;
  expect(stored.file!.size).toBeLessThan(big.length);

  // A wrong photo, taken and removed again before submitting.
  await phone.getByTestId('camera').setInputFiles({ name: '拍错了.jpg', mimeType: 'image/jpeg', buffer: await photo(phone, '拍错了', false) });
  const wrong = phone.getByTestId('attached').locator('li', { hasText: '拍错了.jpg' });
  await expect(wrong).toBeVisible();
  await wrong.getByRole('button', { name: /移除/ }).click();
  await phone.getByRole('button', { name: '确认' }).click();
  await expect(wrong).toHaveCount(0);
  await snap(phone, 'phone-evidence');

  // The 通知 was published online: a link.
  await phone.getByLabel('这份材料是').selectOption('通知');
  await phone.getByLabel('网页链接').fill('https://mp.weixin.qq.com/s/town-notice-2024');
  await phone.getByRole('button', { name: '添加说明或链接' }).click();
  await expect(phone.getByTestId('attached').locator('li', { hasText: 'mp.weixin.qq.com' })).toBeVisible();
  await phone.getByRole('button', { name: '提交审核' }).click();
  await expect(phone.locator('.notice', { hasText: '已提交，等待审核' })).toBeVisible();
  await snap(phone, 'phone-submitted');
});

test('4. an extension is requested on the phone and approved by the presidium; the due day changes', async () => {
  const mine = await server.api<{ items: TaskRow[] }>('GET', `/tasks?owner=${staffAId}&status=open&pageSize=500`, undefined, server.adminToken);
  const target = mine.items.find((t) => t.id !== taskId && t.dueDay >= '2018-03-15' && t.dueDay <= '2018-06-30')!;
  expect(target, 'an open task of 张三 due after mid-March').toBeTruthy();
  extensionTaskId = target.id;
  await open(phone, `/tasks/${extensionTaskId}`, STAFF_A);
  // 同类材料最多报一次: a photo uploaded for the first task, used again here without uploading.
  await phone.getByTestId('reuse-earlier').click();
  const earlier = phone.getByTestId('earlier').locator('li', { hasText: '现场照片二.jpg' });
  await expect(earlier).toContainText('已用于：传达贯彻好中央');
  await expect(phone.getByTestId('earlier').locator('li', { hasText: '拍错了.jpg' })).toContainText('尚未用于任何任务');
  await snap(phone, 'phone-reuse-earlier');
  await earlier.getByRole('button', { name: '使用 现场照片二.jpg' }).click();
  await expect(phone.getByTestId('attached').locator('li', { hasText: '现场照片二.jpg' })).toBeVisible();
  const reused = await server.api<{ evidence: Array<{ file: { originalName: string } | null }> }>(
    'GET',
    `/tasks/${extensionTaskId}/evidence`,
    undefined,
    server.adminToken,
  );
  expect(reused.evidence.map((e) => e.file?.originalName)).toContain('现场照片二.jpg');
  await phone.getByRole('button', { name: '申请延期' }).click();
  await phone.getByLabel('延期原因').fill('村里换届选举，活动推迟');
  await phone.getByLabel('新截止日期').fill('2018-05-15');
  await phone.getByLabel('目前进展').fill('已拟定活动方案');
  await snap(phone, 'phone-extension-form');
  await phone.getByRole('button', { name: '提交延期申请' }).click();
  await expect(phone.getByText(/申请延至 5月15日.*待审批/)).toBeVisible();
  await snap(phone, 'phone-extension-pending');

  await open(presidium, '/review', PRESIDIUM);
  const card = presidium.getByTestId('extension').filter({ hasText: '村里换届选举' });
  await expect(card).toBeVisible();
  await snap(presidium, 'review-extension');
  await card.getByRole('button', { name: '批准' }).click();
  await expect(presidium.getByText('已批准延期')).toBeVisible();

  await open(phone, `/tasks/${extensionTaskId}`, STAFF_A);
  await expect(phone.getByTestId('due-day')).toContainText('2018年5月15日');
  await expect(phone.getByText(/已批准/)).toBeVisible();
  await snap(phone, 'phone-extension-approved');
});

test('3. the presidium returns it with a comment; the owner resubmits; it is accepted; the board cell changes', async () => {
  server.setNow(bj('2018-05-07T10:00:00')); // past the due day (4月30日): a returned task is red
  await server.tick();
  const before = await boardRed(presidium, unitId, 4);
  await snap(presidium, 'board-before');

  await open(presidium, '/review', PRESIDIUM);
  await presidium.locator('.q-item', { hasText: '传达贯彻好中央' }).click();
  await expect(presidium.locator('.viewer img')).toHaveCount(2);
  await expect(presidium.locator('.viewer iframe')).toHaveCount(1);
  await snap(presidium, 'review-evidence');
  await presidium.getByRole('button', { name: '缺少会议记录或签到表' }).click();
  await presidium.getByRole('button', { name: '退回', exact: true }).click();
  await expect(presidium.getByText(`已退回（审核人：${PRESIDIUM.name}）`)).toBeVisible();
  expect(await boardRed(presidium, unitId, 4)).toBe(before + 1);
  await snap(presidium, 'board-returned-red');

  // Two months later the owner's session has expired: sign in again, land back on the task.
  await phone.goto(`/tasks/${taskId}`);
  await expect(phone).toHaveURL(/\/login\?next=/);
  await signIn(phone, STAFF_A);
  await expect(phone).toHaveURL(new RegExp(`/tasks/${taskId}$`));
  await expect(phone.locator('.returned')).toContainText('缺少会议记录或签到表');
  await expect(phone.locator('.returned')).toContainText(PRESIDIUM.name);
  await snap(phone, 'phone-returned');
  await phone.getByRole('button', { name: '重新提交审核' }).click();
  await expect(phone.locator('.notice', { hasText: '已提交，等待审核' })).toBeVisible();

  await open(presidium, '/review', PRESIDIUM);
  await presidium.locator('.q-item', { hasText: '传达贯彻好中央' }).click();
  await presidium.getByRole('button', { name: '通过', exact: true }).click();
  await expect(presidium.getByText(`已通过（审核人：${PRESIDIUM.name}）`)).toBeVisible();
  expect(await boardRed(presidium, unitId, 4)).toBe(before);
  await snap(presidium, 'board-accepted');

  await open(phone, `/tasks/${taskId}`, STAFF_A);
  await expect(phone.getByText('审核通过，本任务已完成')).toBeVisible();
});

test('5. staff B opening staff A’s task page sees 无权查看, not data', async ({ browser }) => {
  const ctx = await context(browser, 'phone', server.url);
  const page = await ctx.newPage();
  await page.goto(`/tasks/${taskId}`);
  await signIn(page, STAFF_B);
  await expect(page).toHaveURL(new RegExp(`/tasks/${taskId}$`));
  await expect(page.getByRole('heading', { name: '无权查看' })).toBeVisible();
  await expect(page.getByText('传达贯彻好中央')).toHaveCount(0);
  await snap(page, 'phone-no-access');
  // Sign-out ends the session on the server: the old token no longer works.
  const token = await page.evaluate(() => localStorage.getItem('ducha.token'));
  await page.goto('/my');
  await page.getByRole('button', { name: '退出' }).click();
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page).toHaveURL(/\/login$/);
  const res = await fetch(`${server.url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(401);
  await ctx.close();
});

test('the main pages have no serious or critical accessibility violation (axe)', async () => {
  await open(phone, '/my', STAFF_A);
  await expectAccessible(phone, '我的任务');
  await snap(phone, 'phone-my-tasks');
  await open(phone, `/tasks/${extensionTaskId}`, STAFF_A);
  await expectAccessible(phone, '任务页');
  await open(presidium, '/board', PRESIDIUM);
  await expectAccessible(presidium, '看板');
  await open(presidium, '/review', PRESIDIUM);
  await expectAccessible(presidium, '待审核');
  await open(officePage, `/office/plans/${planId}`, ADMIN);
  await expectAccessible(officePage, '计划审核');
  await open(officePage, '/office/import', ADMIN);
  await expectAccessible(officePage, '导入');
  const login = await phoneA.newPage();
  await login.goto('/login');
  await expectAccessible(login, '登录');
  await login.close();
});
