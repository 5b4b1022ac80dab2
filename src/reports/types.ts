/**
 * Plain data in and out of the quarterly report (季度督查通报). Nothing here touches the database,
 * Nest or the clock: a caller (report job, CLI, HTTP) loads these rows for one org and quarter and
 * passes `now` explicitly, so the same input always gives the same report.
 */
import type { TaskStatus } from '../tasks/task.entity.js';
import type { Light } from '../tasks/task-light.js';
import type { WorkingCalendar } from '../schedule/index.js';
import type { EvidenceRequirement } from '../plans/plan-item.entity.js';

export type Quarter = 1 | 2 | 3 | 4;

/** The Task columns the report reads (a Task entity satisfies it). */
export interface ReportTask {
  id: number;
  planId: number;
  itemId: number;
  label: string;
  periodKey: string;
  startDay: string;
  dueDay: string;
  dueAt: Date;
  status: TaskStatus;
  ownerId: number | null;
  unitId: number | null;
  escalationLevel: number;
  submittedAt: Date | null;
  doneAt: Date | null;
  onTime: boolean | null;
  returnCount: number;
  originalDueAt: Date | null;
}

export interface ReportItem {
  id: number;
  planId: number;
  title: string;
  sectionPath: string[];
  evidenceRequirements: EvidenceRequirement[];
}

export interface ReportEvidence {
  taskId: number;
  fileName: string;
  sha256: string | null;
  kind: string | null;
}

export interface ReportAuditEvent {
  taskId: number | null;
  action: string;
  at: Date;
  fromStatus: string | null;
  toStatus: string | null;
}

export interface ReportInput {
  org: { id: number; name: string; timeZone: string };
  year: number;
  quarter: Quarter;
  /** The instant the numbers are taken at (the task table as of this instant). */
  now: Date;
  tasks: ReportTask[];
  items: ReportItem[];
  plans: Array<{ id: number; title: string }>;
  people: Array<{ id: number; name: string; unitId: number | null }>;
  units: Array<{ id: number; name: string }>;
  evidence?: ReportEvidence[];
  audit?: ReportAuditEvent[];
  calendar: WorkingCalendar;
  /** Yellow light: unfinished and due within this many working days (config). */
  yellowWorkingDays: number;
  /** 发文单位 printed under the title; defaults to the org name. */
  office?: string;
  /** A unit is named as lagging when its completion rate is this many points below the overall rate (default 10). */
  laggingPoints?: number;
}

/**
 * Where a task stands at `now`. The six categories partition the report's tasks:
 * doneOnTime + doneLate + submitted + open + overdue + cancelled = total.
 */
export type Category = 'doneOnTime' | 'doneLate' | 'submitted' | 'open' | 'overdue' | 'cancelled';
export const CATEGORIES: readonly Category[] = ['doneOnTime', 'doneLate', 'submitted', 'open', 'overdue', 'cancelled'];

/** A ratio kept as its counts so it reconciles exactly; value is null when den = 0. */
export interface Rate {
  num: number;
  den: number;
  value: number | null;
}

export interface Counts {
  total: number;
  doneOnTime: number;
  doneLate: number;
  /** doneOnTime + doneLate */
  done: number;
  /** 已提交待审核 */
  submitted: number;
  /** unfinished and not yet overdue (待办/进行中/已退回 before the due instant) */
  open: number;
  overdue: number;
  cancelled: number;
  /** cross-cutting: an approved extension moved the due date (originalDueAt set) */
  extended: number;
  /** cross-cutting: status 已退回 now */
  returned: number;
  /** cross-cutting: escalationLevel > 0 */
  escalated: number;
}

export interface Rates {
  /** done / (total − cancelled) — 完成率 */
  completion: Rate;
  /** doneOnTime / (total − cancelled) — 按时完成率 */
  onTime: Rate;
  /** overdue / (total − cancelled) — 逾期率 */
  overdue: Rate;
}

export interface GroupStat {
  id: number | null;
  name: string;
  /** owners only: the unit the person belongs to */
  unitName?: string;
  counts: Counts;
  rates: Rates;
}

export interface LedgerRow {
  taskId: number;
  itemId: number;
  planId: number;
  itemTitle: string;
  planTitle: string;
  section: string;
  label: string;
  periodKey: string;
  startDay: string;
  dueDay: string;
  /** ISO instants */
  dueAt: string;
  originalDueAt: string | null;
  submittedAt: string | null;
  doneAt: string | null;
  status: TaskStatus;
  /** Chinese status name; 逾期 when overdue (derived) */
  statusName: string;
  category: Category;
  light: Light;
  daysOverdue: number;
  escalationLevel: number;
  returnCount: number;
  ownerId: number | null;
  ownerName: string;
  unitId: number | null;
  unitName: string;
  evidenceCount: number;
  /** carried over from an earlier quarter (due before the quarter, still open) */
  carriedOver: boolean;
}

export interface OverdueEntry {
  taskId: number;
  itemTitle: string;
  label: string;
  dueDay: string;
  daysOverdue: number;
  escalationLevel: number;
  ownerName: string;
  unitName: string;
  statusName: string;
}

export interface ReturnedEntry {
  taskId: number;
  itemTitle: string;
  label: string;
  returnCount: number;
  /** last return seen in the audit trail, ISO; null when the trail has none */
  lastReturnedAt: string | null;
  statusName: string;
  ownerName: string;
  unitName: string;
}

export interface EvidenceFile {
  fileName: string;
  sha256: string | null;
  kind: string | null;
}

export interface EvidenceIndexEntry {
  taskId: number;
  itemTitle: string;
  label: string;
  unitName: string;
  count: number;
  files: EvidenceFile[];
  /** requirements of the item not met by the attached kinds, e.g. "签到表 0/1" */
  missing: string[];
}

export interface EvidenceIndex {
  /** evidence rows attached to the report's tasks */
  files: number;
  /** distinct SHA-256 among them (one upload may serve several tasks) */
  distinctFiles: number;
  tasksWithEvidence: number;
  /** done or submitted tasks whose item's evidence requirements are not met */
  tasksMissingEvidence: number;
  entries: EvidenceIndexEntry[];
}

export interface NextTaskEntry {
  taskId: number;
  itemTitle: string;
  label: string;
  dueDay: string;
  ownerName: string;
  unitName: string;
}

export interface NextQuarter {
  year: number;
  quarter: Quarter;
  startDay: string;
  endDay: string;
  total: number;
  months: Array<{ month: number; tasks: NextTaskEntry[] }>;
}

export interface QuarterlyReport {
  org: { id: number; name: string; timeZone: string };
  year: number;
  quarter: Quarter;
  /** 第N期 */
  issueNo: number;
  title: string;
  office: string;
  /** ISO instant and local day of `now` */
  asOf: string;
  asOfDay: string;
  /** 2024年10月8日 */
  dateText: string;
  period: { startDay: string; endDay: string };
  plans: Array<{ id: number; title: string }>;
  scope: { total: number; dueInQuarter: number; carriedOver: number };
  totals: Counts;
  rates: Rates;
  lights: Record<Light, number>;
  byUnit: GroupStat[];
  byOwner: GroupStat[];
  overdue: OverdueEntry[];
  repeatedReturns: ReturnedEntry[];
  evidence: EvidenceIndex;
  nextQuarter: NextQuarter;
  /** one per task in the report, in due order */
  rows: LedgerRow[];
  /** the 通报 text, built from this quarter's data */
  text: ReportText;
}

export interface ReportText {
  opening: string;
  /** 一、总体情况 */
  overview: string[];
  /** 二、完成情况 (lead-in sentences; tables come from byUnit / byOwner) */
  progress: string[];
  /** 三、存在问题 */
  problems: string[];
  /** 四、下一步工作 */
  nextSteps: string[];
}
