import type { WorkingCalendar } from '../schedule/index.js';
import { between, rngFor, type Rng } from '../common/random.js';

/**
 * How a simulated owner and reviewer handle one task, decided up front from the seed (pure):
 * most submit on time (in the last days of the window, so reminders show), some late, a few very
 * late (weekly presidium escalation), some never; reviewers accept or return once, and a returned
 * task is resubmitted a few working days later.
 */
export type Conduct = 'on-time' | 'late' | 'very-late' | 'never';

export interface BehaviourPlan {
  conduct: Conduct;
  /** Working day of the first submission, or null (never, or after the simulated period). */
  submitDay: string | null;
  /** The reviewer returns the first submission (then it is resubmitted and accepted). */
  returnFirst: boolean;
  /** Working days from a submission to its review. */
  reviewAfter: number;
  /** Working days from a return to the resubmission. */
  resubmitAfter: number;
}

export interface BehaviourTask {
  id: number;
  startDay: string;
  dueDay: string;
}

export const CONDUCT_SHARES: Array<[Conduct, number]> = [
  ['on-time', 0.6],
  ['late', 0.2],
  ['very-late', 0.12],
  ['never', 0.08],
];

function conductOf(rng: Rng): Conduct {
  const x = rng();
  let acc = 0;
  for (const [c, share] of CONDUCT_SHARES) if (x < (acc += share)) return c;
  return 'never';
}

function firstWorkingDayFrom(day: string, calendar: WorkingCalendar): string {
  return calendar.isWorkingDay(day) ? day : calendar.nextWorkingDay(day);
}

export function planBehaviour(task: BehaviourTask, seed: number, calendar: WorkingCalendar, period: { from: string; to: string }): BehaviourPlan {
  const rng = rngFor(seed, `task:${task.id}`);
  let conduct = conductOf(rng);
  const returnFirst = rng() < 0.25;
  const reviewAfter = between(rng, 1, 3);
  const resubmitAfter = between(rng, 1, 4);
  const start = firstWorkingDayFrom(task.startDay < period.from ? period.from : task.startDay, calendar);
  let submitDay: string | null = null;
  if (conduct === 'on-time') {
    // The last working day on or before the due day, minus 0–7 working days, not before the window opens.
    const last = calendar.isWorkingDay(task.dueDay) ? task.dueDay : calendar.addWorkingDays(task.dueDay, -1);
    if (last < start) conduct = 'late';
    else {
      const d = calendar.addWorkingDays(last, -between(rng, 0, 7));
      submitDay = d < start ? start : d;
    }
  }
  if (conduct === 'late') submitDay = calendar.addWorkingDays(task.dueDay, between(rng, 1, 4));
  if (conduct === 'very-late') submitDay = calendar.addWorkingDays(task.dueDay, between(rng, 5, 25));
  if (submitDay && submitDay < start) submitDay = start;
  if (submitDay && submitDay > period.to) submitDay = null;
  return { conduct, submitDay, returnFirst, reviewAfter, resubmitAfter };
}
