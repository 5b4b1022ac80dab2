// The browser suite: Debian's chromium (never a downloaded browser), one worker, one real server
// per file (see server.ts). Screenshots of each step go to test-results/browser/ (git-ignored).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.pw\.ts$/,
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  outputDir: '../../test-results/browser-output',
  reporter: [['list'], ['json', { outputFile: process.env.PW_JSON_OUTPUT ?? '../../test-results/browser.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'off',
    actionTimeout: 10_000,
  },
});
