import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { bulkInsert } from '../database/bulk-insert.js';
import { dialectOf } from '../database/dialect.js';
import type { Notification } from '../notifications/notification.entity.js';
import { UNFINISHED_STATUSES, type Task } from '../tasks/task.entity.js';

/** Rows per hand-chunked statement (ids, keys, VALUES tuples): far below both databases' bound-variable limits. */
const CHUNK = 200;
/** Ledger rows per INSERT: 15 values each, well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const LEDGER_COLUMNS = [
  'key',
  'org_id',
  'task_id',
  'stage',
  'due_basis',
  'recipient_id',
  'role',
  'level',
  'due_at',
  'status',
  'reason',
  'message_id',
  'catch_up',
  'created_at',
  'updated_at',
];
const MESSAGE_COLUMNS = [
  'key',
  'kind',
  'org_id',
  'recipient_id',
  'channel',
  'status',
  'attempts',
  'retries',
  'last_error',
  'subject',
  'data',
  'sent_at',
  'created_at',
  'updated_at',
];

/** What the sweep reads of a task: the policy's inputs, its recipients and the guards of its update. */
export type SweepTask = Pick<
  Task,
  'id' | 'orgId' | 'ownerId' | 'unitId' | 'status' | 'startDay' | 'dueDay' | 'dueAt' | 'graceUntilDay' | 'escalationLevel' | 'updatedAt' | 'nextNotifyAt'
>;

/** A page's outcome for one task: its next look and, when it changed, its escalation level. */
export interface SweptTask {
  task: SweepTask;
  next: number | null;
  level: number;
}

/**
 * The sweep's hot SQL (#11 item 4), in plain statements SQLite and PostgreSQL both accept (the
 * placeholders from the one dialect helper): ledger inserts, the guarded task updates and the
 * digests of a run. TypeORM's builders cost far more than the database does on these paths.
 */
@Injectable()
export class SweepRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The next page of tasks due for a look at `nowMs` (by next_notify_at, then id), as plain rows:
   * hydrating full Task entities through TypeORM cost more than the query at 125,000 due tasks.
   */
  async duePage(nowMs: number, limit: number): Promise<SweepTask[]> {
    const { p } = dialectOf(this.db);
    const rows = (await this.db.query(
      `SELECT id, org_id, owner_id, unit_id, status, start_day, due_day, due_at, grace_until_day, escalation_level, updated_at, next_notify_at
       FROM task WHERE next_notify_at IS NOT NULL AND next_notify_at <= ${p(1)} ORDER BY next_notify_at ASC, id ASC LIMIT ${Math.max(1, Math.floor(limit))}`,
      [nowMs],
    )) as Array<Record<string, unknown>>;
    const n = (v: unknown) => (v == null ? null : Number(v));
    return rows.map((r) => ({
      id: Number(r.id),
      orgId: Number(r.org_id),
      ownerId: n(r.owner_id),
      unitId: n(r.unit_id),
      status: r.status as Task['status'],
      startDay: r.start_day as string,
      dueDay: r.due_day as string,
      dueAt: new Date(Number(r.due_at)),
      graceUntilDay: (r.grace_until_day as string | null) ?? null,
      escalationLevel: Number(r.escalation_level),
      updatedAt: new Date(Number(r.updated_at)),
      nextNotifyAt: n(r.next_notify_at),
    }));
  }

  /** The ledger rows of a page; a row whose key exists already is left as it is (exactly once). */
  async insertLedgerRows(m: EntityManager, rows: Array<Partial<Notification>>): Promise<void> {
    const values = rows.map((r) => [
      r.key,
      r.orgId,
      r.taskId,
      r.stage,
      r.dueBasis!.getTime(),
      r.recipientId,
      r.role,
      r.level,
      r.dueAt!.getTime(),
      r.status,
      r.reason ?? null,
      r.messageId ?? null,
      dialectOf(m).bool(Boolean(r.catchUp)),
      r.createdAt!.getTime(),
      r.updatedAt!.getTime(),
    ]);
    await bulkInsert(m, 'notification', LEDGER_COLUMNS, values, { onConflictDoNothing: true });
  }

  /**
   * Sets each task's next look, unless it changed while we were looking (then it stays due for the
   * next sweep): tasks with the same outcome are updated together, joined to a VALUES list of their
   * (id, updated_at, next_notify_at) as read — one index lookup each, where a chain of OR terms cost
   * PostgreSQL ~100 ms per 200 tasks to plan. 3 values a task, a few hundred tasks a statement.
   */
  async markSwept(m: EntityManager, updates: SweptTask[]): Promise<void> {
    const { p } = dialectOf(m);
    const groups = new Map<string, { next: number | null; level: number | null; tasks: Array<SweptTask['task']> }>();
    for (const { task, next, level } of updates) {
      const setLevel = level !== task.escalationLevel && UNFINISHED_STATUSES.includes(task.status);
      const key = `${next}|${setLevel ? level : ''}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { next, level: setLevel ? level : null, tasks: [] }));
      g.tasks.push(task);
    }
    for (const { next, level, tasks } of groups.values()) {
      for (let i = 0; i < tasks.length; i += CHUNK) {
        const params: Array<number | null> = [next];
        const set = level === null ? `next_notify_at = ${p(1)}` : `next_notify_at = ${p(1)}, escalation_level = ${p(params.push(level))}`;
        const tuples = tasks.slice(i, i + CHUNK).map((t, j) => {
          const marks = [t.id, t.updatedAt.getTime(), t.nextNotifyAt].map((v) => p(params.push(v)));
          // The first row's casts type the VALUES columns on PostgreSQL (its placeholders are untyped).
          return j === 0 ? `(${marks.map((x) => `CAST(${x} AS BIGINT)`).join(', ')})` : `(${marks.join(', ')})`;
        });
        await m.query(
          `UPDATE task SET ${set} FROM (VALUES ${tuples.join(', ')}) AS v WHERE task.id = v.column1 AND task.updated_at = v.column2 AND task.next_notify_at = v.column3`,
          params,
        );
      }
    }
  }

  /**
   * One digest per person per run (`digest:<person>:<run ms>`): every pending row of theirs not yet
   * in a message. A chunk of recipients per transaction: the messages are inserted under their
   * unique keys, read back by key (a message already delivered, a re-run of the instant, takes
   * nothing: its rows wait for the next run), the rows moved into them by a join to a VALUES list of
   * (recipient, message), and a message that got no rows is dropped (an empty digest is never sent).
   * `made` hears each committed chunk's pending digests, so delivery starts while the rest are made.
   * Returns how many digests are pending under this run's keys.
   */
  async makeDigests(nowMs: number, made?: (messages: Array<{ id: number; retries: number }>) => Promise<void>): Promise<number> {
    const d = dialectOf(this.db);
    const open = (await this.db.query(
      `SELECT recipient_id AS r, MIN(org_id) AS o FROM notification WHERE status = 'pending' AND message_id IS NULL AND role <> 'presidium' GROUP BY recipient_id ORDER BY recipient_id`,
    )) as Array<{ r: unknown; o: unknown }>;
    if (!open.length) return 0;
    const keyOf = (r: number) => `digest:${r}:${nowMs}`;
    let total = 0;
    for (let i = 0; i < open.length; i += CHUNK) {
      const chunk = open.slice(i, i + CHUNK).map(({ r, o }) => ({ r: Number(r), o: Number(o) }));
      const kept = await this.db.transaction(async (m) => {
        const keys = chunk.map(({ r }) => keyOf(r));
        await bulkInsert(
          m,
          'notification_message',
          MESSAGE_COLUMNS,
          chunk.map(({ r, o }) => [keyOf(r), 'digest', o, r, null, 'pending', 0, 0, null, null, null, null, nowMs, nowMs]),
          { onConflictDoNothing: true },
        );
        const pending = (await m.query(
          `SELECT id, recipient_id, retries FROM notification_message WHERE key IN (${d.list(keys.length)}) AND status = 'pending'`,
          keys,
        )) as Array<{ id: unknown; recipient_id: unknown; retries: unknown }>;
        if (!pending.length) return [];
        // The recipients' rows found through idx_notification_open (status, message_id, recipient_id) by the IN list, each
        // given its message by a CASE: SQLite would scan every open row per VALUES tuple of a join (40 ms a chunk at 100k tasks).
        const params: number[] = [];
        const cases = pending.map((row) => `WHEN ${d.p(params.push(Number(row.recipient_id)))} THEN CAST(${d.p(params.push(Number(row.id)))} AS INTEGER)`);
        const recipients = pending.map((row) => d.p(params.push(Number(row.recipient_id))));
        await m.query(
          `UPDATE notification SET message_id = CASE recipient_id ${cases.join(' ')} END
           WHERE status = 'pending' AND message_id IS NULL AND recipient_id IN (${recipients.join(', ')}) AND role <> 'presidium'`,
          params,
        );
        const ids = pending.map((row) => Number(row.id));
        const deleted = (await m.query(
          `DELETE FROM notification_message WHERE id IN (${d.list(ids.length)}) AND status = 'pending' AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.message_id = notification_message.id) RETURNING id`,
          ids,
        )) as Array<{ id: unknown }> | [Array<{ id: unknown }>, number];
        // PostgreSQL's driver answers a DELETE … RETURNING with [rows, count].
        const gone = new Set((d.postgres ? (deleted[0] as Array<{ id: unknown }>) : (deleted as Array<{ id: unknown }>)).map((row) => Number(row.id)));
        return pending.filter((row) => !gone.has(Number(row.id))).map((row) => ({ id: Number(row.id), retries: Number(row.retries) }));
      });
      total += kept.length;
      if (kept.length && made) await made(kept);
    }
    return total;
  }
}
