// `npm run bench:web`: the web app's figures in Debian's chromium (no downloaded browser).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.bench\.pw\.ts$/,
  workers: 1,
  timeout: 300_000,
  reporter: [['list']],
  outputDir: '../../test-results/bench-web',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  },
});
