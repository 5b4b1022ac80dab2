/**
 * Loads one org's ReportInput from the database: only what the quarter needs — tasks due in it or in
 * the next quarter, earlier ones still open, and the items, plans, evidence and audit events of
 * those tasks. A plain function over a DataSource, so the Nest service and the CLI share it.
 */
import { Brackets, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Evidence, EvidenceFile } from '../evidence/evidence.entities.js';
import { Org } from '../people/org.entity.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../people/unit.entity.js';
import { PlanItem } from '../plans/plan-item.entity.js';
import { Plan } from '../plans/plan.entity.js';
import type { WorkingCalendar } from '../schedule/index.js';
import { Task, UNFINISHED_STATUSES } from '../tasks/task.entity.js';
import { nextQuarterOf, quarterBounds } from './quarter.js';
import type { Quarter, ReportInput, ReportTask } from './types.js';

const STILL_OPEN = [...UNFINISHED_STATUSES, 'submitted'];
const CHUNK = 5000;

export interface LoadOptions {
  calendar: WorkingCalendar;
  yellowWorkingDays: number;
}

/** The tasks the report reads, as a WHERE over `task t`: due in [start, next quarter's end], or earlier and still open. */
function scopeOf<T extends object>(qb: SelectQueryBuilder<T>, orgId: number, year: number, quarter: Quarter): SelectQueryBuilder<T> {
  const { startDay } = quarterBounds(year, quarter);
  const nq = nextQuarterOf(year, quarter);
  const { endDay } = quarterBounds(nq.year, nq.quarter);
  return qb
    .andWhere('t.org_id = :orgId AND t.due_day <= :endDay', { orgId, endDay })
    .andWhere(new Brackets((b) => b.where('t.due_day >= :startDay', { startDay }).orWhere('t.status IN (:...open)', { open: STILL_OPEN })));
}

const inChunks = async <T>(ids: number[], f: (chunk: number[]) => Promise<T[]>): Promise<T[]> => {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await f(ids.slice(i, i + CHUNK))));
  return out;
};

export async function loadReportInput(db: DataSource, orgId: number, year: number, quarter: Quarter, now: Date, o: LoadOptions): Promise<ReportInput> {
  const org = await db.getRepository(Org).findOneBy({ id: orgId });
  if (!org) throw new Error(`组织不存在：${orgId}`);
  const tasks: ReportTask[] = await scopeOf(db.getRepository(Task).createQueryBuilder('t'), orgId, year, quarter)
    .select([
      't.id',
      't.planId',
      't.itemId',
      't.label',
      't.periodKey',
      't.startDay',
      't.dueDay',
      't.dueAt',
      't.status',
      't.ownerId',
      't.unitId',
      't.escalationLevel',
      't.submittedAt',
      't.doneAt',
      't.onTime',
      't.returnCount',
      't.originalDueAt',
    ])
    .getMany();
  const itemIds = [...new Set(tasks.map((t) => t.itemId))];
  const planIds = [...new Set(tasks.map((t) => t.planId))];
  const items = await inChunks(itemIds, (ids) =>
    db
      .getRepository(PlanItem)
      .createQueryBuilder('i')
      .select(['i.id', 'i.planId', 'i.title', 'i.sectionPath', 'i.evidenceRequirements', 'i.sortOrder'])
      .whereInIds(ids)
      .getMany(),
  );
  const plans = await inChunks(planIds, (ids) =>
    db.getRepository(Plan).createQueryBuilder('p').select(['p.id', 'p.title']).whereInIds(ids).orderBy('p.id').getMany(),
  );
  const people = await db.getRepository(Person).find({ where: { orgId }, select: { id: true, name: true, unitId: true }, order: { id: 'ASC' } });
  const units = await db.getRepository(Unit).find({ where: { orgId }, select: { id: true, name: true }, order: { id: 'ASC' } });

  // Evidence and audit of the tasks in scope, by joining on the same scope (no id lists).
  const evidence = await scopeOf(
    db.getRepository(Evidence).createQueryBuilder('e').innerJoin(Task, 't', 't.id = e.task_id').leftJoin(EvidenceFile, 'f', 'f.id = e.file_id'),
    orgId,
    year,
    quarter,
  )
    .select(['e.task_id AS "taskId"', 'e.kind AS "kind"', 'e.type AS "type"', 'e.url AS "url"', 'f.original_name AS "fileName"', 'f.sha256 AS "sha256"'])
    .andWhere('e.detached_at IS NULL')
    .orderBy('e.id', 'ASC')
    .getRawMany<{ taskId: number; kind: string | null; type: string; url: string | null; fileName: string | null; sha256: string | null }>();
  const audit = await scopeOf(db.getRepository(AuditEvent).createQueryBuilder('a').innerJoin(Task, 't', 't.id = a.task_id'), orgId, year, quarter)
    .select(['a.task_id AS "taskId"', 'a.action AS "action"', 'a.at AS "at"', 'a.from_status AS "fromStatus"', 'a.to_status AS "toStatus"'])
    .andWhere("a.to_status = 'returned'")
    .getRawMany<{ taskId: number; action: string; at: string | number; fromStatus: string | null; toStatus: string | null }>();

  return {
    org: { id: org.id, name: org.name, timeZone: org.timeZone },
    year,
    quarter,
    now,
    tasks,
    items: items
      .sort((a, b) => a.id - b.id)
      .map((i) => ({ id: i.id, planId: i.planId, title: i.title, sectionPath: i.sectionPath ?? [], evidenceRequirements: i.evidenceRequirements ?? [] })),
    plans,
    people,
    units,
    evidence: evidence.map((e) => ({
      taskId: Number(e.taskId),
      fileName: e.fileName ?? e.url ?? (e.type === 'note' ? '说明' : ''),
      sha256: e.sha256,
      kind: e.kind,
    })),
    audit: audit.map((a) => ({ taskId: Number(a.taskId), action: a.action, at: new Date(Number(a.at)), fromStatus: a.fromStatus, toStatus: a.toStatus })),
    calendar: o.calendar,
    yellowWorkingDays: o.yellowWorkingDays,
  };
}

/** "2024-Q3" */
export const quarterKey = (year: number, quarter: Quarter): string => `${year}-Q${quarter}`;
export const reportKey = (orgId: number, year: number, quarter: Quarter): string => `report:${orgId}:${quarterKey(year, quarter)}`;
