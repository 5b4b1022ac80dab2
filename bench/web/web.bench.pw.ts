// Web app figures, medians of 3, printed as a table:
// - first load of the phone task page: every JS and CSS file the browser fetched, gzip-compressed
//   as a server would send it (target ≤ 150 KB), beside Vue's own runtime alone (the bare library);
// - the board with 5,000 tasks: navigation → grid drawn (target ≤ 1 s), beside the same request's
//   API time alone (the database aggregation the page waits for).
import { expect, test, type Page } from '@playwright/test';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { startServer, type Server } from '../../test/browser/server.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let server: Server;

test.beforeAll(async () => {
  server = await startServer('2024-03-04T10:00:00+08:00');
});
test.afterAll(async () => server?.close());

async function signedIn(page: Page): Promise<void> {
  const token = server.adminToken;
  await page.addInitScript((t) => localStorage.setItem('ducha.token', t), token);
}

test('web bench', async ({ browser }) => {
  const me = await server.api<{ orgId: number; id: number }>('GET', '/auth/me', undefined, server.adminToken);
  const units: number[] = [];
  for (let u = 0; u < 35; u++)
    units.push((await server.api<{ id: number }>('POST', '/units', { orgId: me.orgId, name: `第${u + 1}单位` }, server.adminToken)).id);
  // 420 monthly items → 5,040 tasks.
  const items = Array.from({ length: 420 }, (_, i) => ({
    title: `每月开展第${i + 1}项工作`,
    timeText: '每月',
    unitId: units[i % units.length],
    ownerId: me.id,
  }));
  const plan = await server.api<{ id: number }>('POST', '/plans', { orgId: me.orgId, year: 2024, title: '看板压测计划', items }, server.adminToken);
  await server.api('POST', `/plans/${plan.id}/activate`, {}, server.adminToken);
  const tasks = await server.api<{ total: number; items: Array<{ id: number }> }>('GET', '/tasks?pageSize=1', undefined, server.adminToken);
  expect(tasks.total).toBeGreaterThanOrEqual(5000);

  const loads: Array<{ js: number; css: number }> = [];
  let vueRuntime = 0;
  for (let run = 0; run < 3; run++) {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await ctx.newPage();
    await signedIn(page);
    const bodies: Array<Promise<{ type: string; url: string; gz: number }>> = [];
    page.on('response', (res) => {
      const type = res.request().resourceType();
      if (type === 'script' || type === 'stylesheet') bodies.push(res.body().then((b) => ({ type, url: res.url(), gz: gzipSync(b).length })));
    });
    await page.goto(`${server.url}/tasks/${tasks.items[0].id}`);
    await expect(page.getByText('佐证材料要求')).toBeVisible();
    await page.waitForLoadState('networkidle');
    const files = await Promise.all(bodies);
    loads.push({
      js: files.filter((f) => f.type === 'script').reduce((n, f) => n + f.gz, 0),
      css: files.filter((f) => f.type === 'stylesheet').reduce((n, f) => n + f.gz, 0),
    });
    vueRuntime = files.filter((f) => /runtime-core|vue/.test(f.url)).reduce((n, f) => n + f.gz, 0);
    await ctx.close();
  }

  const boardMs: number[] = [];
  const apiMs: number[] = [];
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  await signedIn(page);
  await page.goto(`${server.url}/my`); // app shell cached; what is timed is the board itself
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    await page.goto(`${server.url}/board?run=${run}`);
    await expect(page.locator('[data-cell]').first()).toBeVisible();
    await expect(page.locator('.el-loading-mask')).toHaveCount(0);
    boardMs.push(performance.now() - t0);
    const cells = await page.locator('[data-cell]').count();
    expect(cells).toBe(35 * 12);
    const a0 = performance.now();
    await server.api('GET', '/board?year=2024', undefined, server.adminToken);
    apiMs.push(performance.now() - a0);
  }
  await ctx.close();

  const kb = (n: number) => (n / 1024).toFixed(1);
  const first = { js: median(loads.map((l) => l.js)), css: median(loads.map((l) => l.css)) };
  console.table([
    { what: 'phone task page, first load JS (gzip KB)', ducha: kb(first.js), bare: `${kb(vueRuntime)} (Vue runtime alone)`, target: '' },
    { what: 'phone task page, first load CSS (gzip KB)', ducha: kb(first.css), bare: '', target: '' },
    { what: 'phone task page, first load JS+CSS (gzip KB)', ducha: kb(first.js + first.css), bare: '', target: '≤ 150' },
    {
      what: `board, ${tasks.total} tasks: navigation → grid (ms)`,
      ducha: median(boardMs).toFixed(0),
      bare: `${median(apiMs).toFixed(0)} (GET /api/board alone)`,
      target: '≤ 1000',
    },
  ]);
  expect(first.js + first.css).toBeLessThanOrEqual(150 * 1024);
  expect(median(boardMs)).toBeLessThanOrEqual(1000);
});
