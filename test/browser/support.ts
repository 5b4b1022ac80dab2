import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/browser');
mkdirSync(SHOTS, { recursive: true });
let shot = 0;

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1366, height: 900 } };

export async function context(browser: Browser, size: 'phone' | 'desktop', baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ ...(size === 'phone' ? PHONE : DESKTOP), baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

/** A numbered full-page screenshot of the step, kept as a test artifact. */
export async function snap(page: Page, name: string): Promise<string> {
  const file = path.join(SHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' }); // a dialog caught mid-fade would be pale
  return file;
}

export async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('邮箱').fill(user.email);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Opens a page; signs in first if the session is missing or expired (the clock moves by weeks). */
export async function open(page: Page, url: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  if (new URL(page.url()).pathname === '/login') {
    await signIn(page, user);
    await expect(page).toHaveURL(new RegExp(url.replace(/[?]/g, '\\?') + '$'));
  }
}

/** No serious or critical accessibility violation (axe-core). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    ),
  ).toEqual([]);
}
