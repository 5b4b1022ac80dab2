/**
 * The words of the 通报, built only from this quarter's numbers and names. A sentence appears only
 * when the data gives it something to say (with one deliberate exception: "本季度无逾期事项。",
 * which the presidium wants to read explicitly). No ranking of units or people: lagging units are
 * named (the 通报 convention), leading ones are not ordered.
 */
import { chineseMonthDay, percent, QUARTER_NAMES } from './quarter.js';
import type { GroupStat, QuarterlyReport, ReportText } from './types.js';

/** How many names a sentence lists before "等N项". */
const LIST_MAX = 5;

function listNames(names: string[], unit: string, max = LIST_MAX): string {
  if (names.length <= max) return names.join('、');
  return `${names.slice(0, max).join('、')}等${names.length}${unit}`;
}

function quote(title: string, label: string): string {
  return label && !title.includes(label) ? `“${title}”（${label}）` : `“${title}”`;
}

function countBy<T>(xs: T[], key: (x: T) => string): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function clauses(parts: Array<[number, string]>): string {
  return parts
    .filter(([n]) => n > 0)
    .map(([n, s]) => `${s}${n}项`)
    .join('，');
}

export function buildText(r: Omit<QuarterlyReport, 'text'>, opts: { yellowWorkingDays: number; laggingPoints: number }): ReportText {
  const c = r.totals;
  const qName = `${r.year}年${QUARTER_NAMES[r.quarter]}`;
  const m1 = (r.quarter - 1) * 3 + 1;
  const effective = c.total - c.cancelled;
  const unitsWithTasks = r.byUnit.filter((u) => u.id !== null).length;
  const ownersWithTasks = r.byOwner.filter((o) => o.id !== null).length;

  // Opening: 根据……对……进行了督查，现将有关情况通报如下
  const planNames = r.plans.map((p) => `《${p.title}》`);
  const basis =
    planNames.length === 0
      ? '年度工作计划'
      : planNames.length <= 3
        ? planNames.join('、')
        : `${planNames.slice(0, 3).join('、')}等${planNames.length}个工作计划`;
  const carried = r.scope.carriedOver > 0 ? `（含此前到期尚未完成的${r.scope.carriedOver}项）` : '';
  const opening = `根据${basis}和督查工作安排，${r.office}于${r.dateText}对${qName}（${m1}月至${m1 + 2}月）${c.total}项工作任务${carried}的落实情况进行了督查，现将有关情况通报如下：`;

  // 一、总体情况
  const overview: string[] = [];
  if (c.total === 0) {
    overview.push(`${qName}没有到期的工作任务，也没有此前到期尚未完成的任务。`);
  } else {
    const detail = clauses([
      [c.submitted, '已提交待审核'],
      [c.open, '正在推进'],
      [c.overdue, '逾期未完成'],
      [c.cancelled, '已取消'],
    ]);
    const doneText =
      c.done === 0
        ? '尚无已完成的任务'
        : `已完成${c.done}项（${clauses([
            [c.doneOnTime, '按时完成'],
            [c.doneLate, '逾期完成'],
          ])}）`;
    overview.push(
      `本次纳入督查的工作任务共${c.total}项，涉及${unitsWithTasks}个责任单位、${ownersWithTasks}名责任人。其中${doneText}${detail ? `，${detail}` : ''}。`,
    );
    if (effective > 0) {
      const ext = c.extended > 0 ? `；经批准延期的${c.extended}项按新的期限计算` : '';
      overview.push(
        `扣除已取消的任务，完成率为${percent(r.rates.completion.value)}（${c.done}/${effective}），按时完成率为${percent(r.rates.onTime.value)}（${c.doneOnTime}/${effective}）${ext}。`,
      );
    }
    const lightParts = [
      r.lights.red > 0 ? `红灯（已逾期）${r.lights.red}项` : '',
      r.lights.yellow > 0 ? `黄灯（${opts.yellowWorkingDays}个工作日内到期）${r.lights.yellow}项` : '',
      r.lights.green > 0 ? `绿灯${r.lights.green}项` : '',
    ].filter(Boolean);
    overview.push(`截至${chineseMonthDay(r.asOfDay)}，${lightParts.join('、')}。`);
  }

  // 二、完成情况
  const progress: string[] = [];
  const complete = r.byUnit.filter((u) => u.id !== null && u.counts.total - u.counts.cancelled > 0 && u.counts.done === u.counts.total - u.counts.cancelled);
  if (complete.length > 0 && complete.length === unitsWithTasks) progress.push(`各责任单位均已完成本季度任务。`);
  else if (complete.length > 0)
    progress.push(
      `${listNames(
        complete.map((u) => u.name),
        '个单位',
      )}已全部完成本季度任务。`,
    );
  if (r.scope.carriedOver > 0) {
    const carriedRows = r.rows.filter((x) => x.carriedOver);
    const stillOverdue = carriedRows.filter((x) => x.category === 'overdue').length;
    progress.push(`此前到期尚未完成的${carriedRows.length}项中，${stillOverdue > 0 ? `仍有${stillOverdue}项逾期未完成` : '均已提交或仍在推进'}。`);
  }
  if (c.total > 0) progress.push(`各责任单位完成情况见表1，各责任人完成情况见表2。`);

  // 三、存在问题
  const problems: string[] = [];
  if (r.overdue.length === 0) {
    problems.push('本季度无逾期事项。');
  } else {
    const units = countBy(r.overdue, (o) => o.unitName).map(([u, n]) => `${u}${n}项`);
    const longest = r.overdue.slice(0, 3).map((o) => `${quote(o.itemTitle, o.label)}（${o.unitName}，${o.ownerName}，逾期${o.daysOverdue}天）`);
    problems.push(`逾期未完成${r.overdue.length}项，涉及${listNames(units, '个单位')}。逾期时间最长的是${longest.join('；')}。`);
    const esc = r.overdue.filter((o) => o.escalationLevel > 0);
    if (esc.length > 0) {
      const top = esc.filter((o) => o.escalationLevel >= 2).length;
      problems.push(`其中${esc.length}项已升级督办${top > 0 ? `，${top}项已提请主席团督办` : ''}。`);
    }
  }
  const overallRate = r.rates.completion.value;
  if (overallRate !== null) {
    const lagging = r.byUnit.filter(
      (u: GroupStat) => u.rates.completion.value !== null && (overallRate - u.rates.completion.value) * 100 >= opts.laggingPoints && u.counts.overdue > 0,
    );
    if (lagging.length > 0) {
      const named = lagging.map((u) => `${u.name}（完成率${percent(u.rates.completion.value)}，逾期${u.counts.overdue}项）`);
      problems.push(`${listNames(named, '个单位')}完成进度明显滞后，低于总体完成率${percent(overallRate)}。`);
    }
  }
  if (c.doneLate > 0) {
    const units = countBy(
      r.rows.filter((x) => x.category === 'doneLate'),
      (x) => x.unitName,
    ).map(([u, n]) => `${u}${n}项`);
    problems.push(`逾期完成${c.doneLate}项，分布在${listNames(units, '个单位')}。`);
  }
  if (r.repeatedReturns.length > 0) {
    const named = r.repeatedReturns.map((x) => `${quote(x.itemTitle, x.label)}（${x.unitName}，退回${x.returnCount}次）`);
    problems.push(`${r.repeatedReturns.length}项工作经审核被退回两次以上：${listNames(named, '项')}，材料质量有待提高。`);
  }
  if (r.evidence.tasksMissingEvidence > 0) {
    const named = r.evidence.entries
      .filter((e) => e.missing.length > 0)
      .map((e) => `${quote(e.itemTitle, e.label)}缺${e.missing.map((m) => m.split(' ')[0]).join('、')}`);
    problems.push(`${r.evidence.tasksMissingEvidence}项已提交或已完成的工作佐证材料不齐全：${listNames(named, '项')}。`);
  }

  // 四、下一步工作
  const nextSteps: string[] = [];
  if (c.overdue > 0) nextSteps.push(`对逾期未完成的${c.overdue}项工作继续跟踪督办，相关责任单位要说明原因、明确完成时限，尽快办结。`);
  if (c.submitted > 0) nextSteps.push(`对已提交待审核的${c.submitted}项工作及时审核，不符合要求的退回补充。`);
  const nq = r.nextQuarter;
  const nqName = `${nq.year}年${QUARTER_NAMES[nq.quarter]}`;
  if (nq.total === 0) {
    nextSteps.push(`${nqName}暂无到期的工作任务。`);
  } else {
    const perMonth = nq.months
      .filter((m) => m.tasks.length > 0)
      .map((m) => {
        const titles = [...new Set(m.tasks.map((t) => t.itemTitle))];
        return `${m.month}月${m.tasks.length}项，主要有${listNames(
          titles.map((t) => `“${t}”`),
          '个事项',
        )}`;
      });
    nextSteps.push(`${nqName}共有${nq.total}项工作任务到期：${perMonth.join('；')}。请各责任单位提前谋划，按时保质完成。`);
  }
  return { opening, overview, progress, problems, nextSteps };
}
