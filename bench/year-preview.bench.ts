/**
 * The activation preview's year figures (messages per person per month, nobody acting) for plans of
 * 500 and 5,000 tasks, worked out per task (simulation/year-preview.ts) beside the day-by-day replay
 * of every sweep (plans/activation.ts previewMessages over the same days), which is what an earlier
 * version ran inside activation (43 s for 500 tasks through the whole app). Both give the same daily
 * numbers (year-preview.spec.ts); this prints medians of BENCH_RUNS (default 3) and the ratio.
 *
 * npm run bench:year-preview
 */
import { previewMessages, type PreviewTask } from '../src/plans/activation.js';
import { addDays, createWorkingCalendar } from '../src/schedule/index.js';
import { DEFAULT_POLICY } from '../src/supervision/policy.js';
import type { TaskStatus } from '../src/tasks/task.entity.js';
import { yearMessages, type YearPreviewContext } from '../src/simulation/year-preview.js';
import { median } from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TZ = 'Asia/Shanghai';
const bj = (s: string) => new Date(`${s}+08:00`);

function plan(n: number): PreviewTask[] {
  const tasks: PreviewTask[] = [];
  for (let i = 0; i < n; i++) {
    const startDay = addDays('2024-01-01', i % 330);
    const dueDay = addDays(startDay, 5 + (i % 30));
    tasks.push({
      id: i + 1,
      status: 'open' as TaskStatus,
      startDay,
      dueDay,
      dueAt: bj(`${dueDay}T23:59:59.999`),
      graceUntilDay: null,
      ownerId: 100 + (i % 200),
      unitId: 10 + (i % 40),
    });
  }
  return tasks;
}

function timed(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const calendar = createWorkingCalendar();
const ctx: YearPreviewContext = {
  now: bj('2024-01-02T10:00:00'),
  tz: TZ,
  calendar,
  policy: DEFAULT_POLICY,
  unitHeads: new Map(Array.from({ length: 40 }, (_, i) => [10 + i, 50 + i] as [number, number])),
  presidium: [1, 2, 3],
  to: '2024-12-31',
  horizonMs: 48 * 3600_000,
};
const days = 364; // 2024-01-02 … 2024-12-31

const rows: Array<Record<string, string>> = [];
for (const n of [500, 5000]) {
  const tasks = plan(n);
  yearMessages(tasks.slice(0, 5), ctx); // zone and calendar warmed once, as in a running server
  const perTask: number[] = [];
  const replay: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    perTask.push(timed(() => yearMessages(tasks, ctx)));
    // The replay is slow (14 s at 500 tasks, ~3 min at 5,000): only at 500 tasks.
    if (n <= 500) replay.push(timed(() => previewMessages(tasks, { ...ctx, days })));
  }
  const a = median(perTask);
  const b = replay.length ? median(replay) : NaN;
  rows.push({
    tasks: String(n),
    'per task (ms)': a.toFixed(0),
    'day-by-day replay (ms)': replay.length ? b.toFixed(0) : '—',
    ratio: replay.length ? `${(b / a).toFixed(0)}× faster` : '—',
  });
  process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
}
console.table(rows);
