import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Runs the built CLI (dist/, built by `npm ci` via "prepare" and by scripts/test.sh) as a user would.
function ducha(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/ducha.js', ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ducha CLI', () => {
  it('schedule "9—10月份" --year 2024 prints a 09..10 window and one task due at the end of 31 Oct, Shanghai time', () => {
    const r = ducha(['schedule', '9—10月份', '--year', '2024']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      input: '9—10月份',
      schedule: { window: { start: '09', end: '10' }, deadline: null, recurrence: null, times: null, year: null },
      tasks: [
        { label: '2024年9—10月', start: '2024-09-01', dueDay: '2024-10-31', dueLocal: '2024-10-31 23:59:59 Asia/Shanghai', due: '2024-10-31T15:59:59.999Z' },
      ],
    });
  });

  it('schedule "每月" prints twelve tasks, "第四季度" one task 10..12, "10底前" a deadline 10-end', () => {
    const monthly = JSON.parse(ducha(['schedule', '每月', '--year', '2024']).stdout);
    expect(monthly.schedule.recurrence).toBe('monthly');
    expect(monthly.tasks.map((t: { due: string }) => t.due.slice(0, 10))).toEqual([
      '2024-01-31',
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
      '2024-05-31',
      '2024-06-30',
      '2024-07-31',
      '2024-08-31',
      '2024-09-30',
      '2024-10-31',
      '2024-11-30',
      '2024-12-31',
    ]);
    const q4 = JSON.parse(ducha(['schedule', '第四季度', '--year', '2024']).stdout);
    expect(q4.schedule.window).toEqual({ start: '10', end: '12' });
    expect(q4.tasks).toHaveLength(1);
    expect(q4.tasks[0].start).toBe('2024-10-01');
    const deadline = JSON.parse(ducha(['schedule', '10底前', '--year', '2024']).stdout);
    expect(deadline.schedule.deadline).toBe('10-end');
    expect(deadline.tasks[0].due).toBe('2024-10-31T15:59:59.999Z');
  });

  it('honours --tz', () => {
    const out = JSON.parse(ducha(['schedule', '3月25日', '--year', '2024', '--tz', 'Europe/Berlin']).stdout);
    expect(out.tasks[0].due).toBe('2024-03-25T22:59:59.999Z');
  });

  it('exits non-zero with a message on a phrase it cannot read, a bad year or a bad zone', () => {
    const bad = ducha(['schedule', '13月', '--year', '2024']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('13');
    expect(bad.stdout).toBe('');
    expect(ducha(['schedule', '3月', '--year', '1800']).code).not.toBe(0);
    expect(ducha(['schedule', '3月', '--tz', 'Mars/Olympus']).stderr).toContain('Mars/Olympus');
  });

  it('migrate creates the SQLite database, and a second run has nothing to do', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ducha-cli-'));
    try {
      const env = { DATABASE_URL: `sqlite:${path.join(dir, 'x.sqlite')}` };
      const first = ducha(['migrate'], env);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('已执行迁移');
      const second = ducha(['migrate'], env);
      expect(second.stdout).toContain('数据库已是最新');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad configuration with one message listing every bad setting', () => {
    const r = ducha(['migrate'], { PORT: 'eighty', DATABASE_URL: 'mysql://x', DUCHA_TZ: 'Nowhere/City' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('databaseUrl');
    expect(r.stderr).toContain('Nowhere/City');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('extract --json prints one object per item in document order, with the schedule fields', () => {
    const r = ducha(['extract', 'test/fixtures/township-work-plans.txt', '--json']);
    expect(r.code).toBe(0);
    const items = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(items.length).toBeGreaterThan(40);
    expect(Object.keys(items[0]).sort()).toEqual(['confidence', 'deadline', 'quote', 'recurrence', 'section', 'timed', 'times', 'title', 'window', 'year']);
    const march = items.find((i) => String(i.quote).startsWith('3—4月份'));
    expect(march).toMatchObject({ timed: true, window: { start: '03', end: '04' }, times: 1 });
    const octEnd = items.find((i) => String(i.quote).includes('10底前'));
    expect(octEnd).toMatchObject({ deadline: '10-end' });
  });

  it('import writes draft plans into the database and says what it did; bad files exit non-zero', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ducha-cli-'));
    try {
      const env = { DATABASE_URL: `sqlite:${path.join(dir, 'x.sqlite')}`, DUCHA_DATA_DIR: dir };
      const r = ducha(['import', 'test/fixtures/township-work-plans.txt', '--org', '某某镇人大主席团', '--year', '2024'], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.match(/计划 \d+「/g)).toHaveLength(7);
      expect(r.stdout).toContain('2018年'); // 篇1 names its own year
      const empty = path.join(dir, 'empty.txt');
      writeFileSync(empty, '');
      const bad = ducha(['import', empty], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('空');
      const missing = ducha(['import', path.join(dir, 'nope.docx')], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('找不到文件');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
