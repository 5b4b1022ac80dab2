import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { coalescing } from '../database/coalesce.js';
import { dialect, dialectOf, jsonArray, truthy, type Dialect } from '../database/dialect.js';
import { namedQuery, pgPool } from '../database/pg-direct.js';
import { Person } from '../people/person.entity.js';
import type { Task } from '../tasks/task.entity.js';
import type { Channel, MessageKind, MessageStatus } from './notification.entity.js';

/**
 * Messages with their recipients and pending rows, each row with its task, its line joins and the
 * kinds of the evidence attached to the task (one JSON array per row). Plain SQL, `count` ids.
 */
const loadSql = (
  d: Dialect,
  ids: string,
) => `SELECT m.id AS m_id, m.kind AS m_kind, m.status AS m_status, m.attempts AS m_attempts, m.retries AS m_retries, m.org_id AS m_org_id, m.data AS m_data,
  p.id AS p_id, p.org_id AS p_org_id, p.name AS p_name, p.email AS p_email, p.webhook_url AS p_webhook_url, p.notify_channel AS p_notify_channel, p.wecom_user_id AS p_wecom_user_id, p.dingtalk_user_id AS p_dingtalk_user_id, p.active AS p_active,
  n.id AS n_id, n.task_id AS n_task_id, n.stage AS n_stage, n.due_basis AS n_due_basis, n.due_at AS n_due_at, n.catch_up AS n_catch_up, n.role AS n_role,
  t.id AS t_id, t.status AS t_status, t.due_at AS t_due_at, t.due_day AS t_due_day, t.label AS t_label, t.escalation_level AS t_escalation_level, t.grace_until_day AS t_grace_until_day, t.owner_id AS t_owner_id, t.unit_id AS t_unit_id,
  pi.title AS l_title, pi.evidence_requirements AS l_evidence, op.name AS l_owner, u.name AS l_unit, u.head_id AS l_head, o.time_zone AS l_tz,
  (SELECT ${d.jsonArrayAgg('e.kind')} FROM evidence e WHERE e.task_id = t.id AND e.detached_at IS NULL) AS l_kinds
FROM notification_message m
LEFT JOIN person p ON p.id = m.recipient_id
LEFT JOIN notification n ON n.message_id = m.id AND n.status = 'pending'
LEFT JOIN task t ON t.id = n.task_id
LEFT JOIN plan_item pi ON pi.id = t.item_id
LEFT JOIN person op ON op.id = t.owner_id
LEFT JOIN unit u ON u.id = t.unit_id
LEFT JOIN org o ON o.id = t.org_id
WHERE m.id ${ids}
ORDER BY m.id, n.id`;
/** PostgreSQL: one prepared statement for any number of ids (an array parameter). */
const PG_LOAD_SQL = loadSql(dialect(true), '= ANY($1::integer[])');
/** The array length PostgreSQL's generic plan assumes for `= ANY($1)`: see `loadMany`. */
const PG_GENERIC_IDS = 10;
/**
 * PostgreSQL: marks messages sent and then their pending rows, in one statement (one round trip, one
 * commit) prepared once, the marks passed as parallel arrays; rows follow only messages still pending.
 */
const PG_MARK_SENT_SQL = `WITH v(id, attempts, channel, subject, at) AS (SELECT * FROM unnest($1::integer[], $2::integer[], $3::varchar[], $4::varchar[], $5::bigint[])),
m AS (UPDATE notification_message nm SET status = 'sent', attempts = v.attempts, channel = v.channel, subject = v.subject, sent_at = v.at, last_error = NULL, updated_at = v.at
      FROM v WHERE nm.id = v.id AND nm.status = 'pending' RETURNING nm.id, v.at)
UPDATE notification n SET status = 'sent', updated_at = m.at FROM m WHERE n.message_id = m.id AND n.status = 'pending'`;

type Val = string | number | null;
/** A LOAD_SQL row: SQLite gives integers and 0/1, PostgreSQL strings for bigint and booleans. */
interface LoadRow {
  m_id: Val;
  m_kind: MessageKind;
  m_status: MessageStatus;
  m_attempts: Val;
  m_retries: Val;
  m_org_id: Val;
  m_data: string | null;
  p_id: Val;
  p_org_id: Val;
  p_name: string;
  p_email: string | null;
  p_webhook_url: string | null;
  p_notify_channel: string | null;
  p_wecom_user_id: string | null;
  p_dingtalk_user_id: string | null;
  p_active: Val | boolean;
  n_id: Val;
  n_task_id: Val;
  n_stage: string | null;
  n_due_basis: Val;
  n_due_at: Val;
  n_catch_up: Val | boolean;
  n_role: string | null;
  t_id: Val;
  t_status: string | null;
  t_due_at: Val;
  t_due_day: string | null;
  t_label: string | null;
  t_escalation_level: Val;
  t_grace_until_day: string | null;
  t_owner_id: Val;
  t_unit_id: Val;
  l_title: string | null;
  l_evidence: string | null;
  l_owner: string | null;
  l_unit: string | null;
  l_head: Val;
  l_tz: string | null;
  l_kinds: unknown;
}
export interface LineInfo {
  id: Val;
  title: string | null;
  evidence: string | null;
  owner: string | null;
  unit: string | null;
  head: Val;
  tz: string | null;
}
export type LineTask = Pick<Task, 'id' | 'status' | 'dueAt' | 'dueDay' | 'label' | 'escalationLevel' | 'ownerId' | 'unitId' | 'graceUntilDay'>;
export interface LoadedRow {
  id: number;
  taskId: number;
  stage: string;
  dueBasis: number;
  dueAt: number;
  catchUp: boolean;
  role: string;
  task: LineTask | null;
  line: LineInfo;
  /** The kinds of the evidence attached (not detached) to the task now. */
  evidence: Array<{ kind: string | null }>;
}
/** What marking one message sent writes. */
export interface SentMark {
  id: number;
  attempts: number;
  channel: Channel;
  subject: string;
  nowMs: number;
}
export interface Loaded {
  msg: { id: number; kind: MessageKind; status: MessageStatus; attempts: number; retries: number; orgId: number; data: Record<string, unknown> | null };
  person: Person | null;
  rows: LoadedRow[];
}

/** A message from its joined rows (all of one message, in row order). */
function readLoaded(raw: LoadRow[]): Loaded {
  const r0 = raw[0];
  const msg = {
    id: Number(r0.m_id),
    kind: r0.m_kind,
    status: r0.m_status,
    attempts: Number(r0.m_attempts),
    retries: Number(r0.m_retries),
    orgId: Number(r0.m_org_id),
    data: r0.m_data ? (JSON.parse(r0.m_data) as Record<string, unknown>) : null,
  };
  const person =
    r0.p_id == null
      ? null
      : (Object.assign(new Person(), {
          id: Number(r0.p_id),
          orgId: Number(r0.p_org_id),
          name: r0.p_name,
          email: r0.p_email,
          webhookUrl: r0.p_webhook_url,
          notifyChannel: r0.p_notify_channel,
          wecomUserId: r0.p_wecom_user_id,
          dingtalkUserId: r0.p_dingtalk_user_id,
          active: truthy(r0.p_active),
        }) as Person);
  const rows: LoadedRow[] = [];
  for (const r of raw) {
    if (r.n_id == null) continue;
    rows.push({
      id: Number(r.n_id),
      taskId: Number(r.n_task_id),
      stage: r.n_stage!,
      dueBasis: Number(r.n_due_basis),
      dueAt: Number(r.n_due_at),
      catchUp: truthy(r.n_catch_up),
      role: r.n_role ?? 'owner',
      task:
        r.t_id == null
          ? null
          : {
              id: Number(r.t_id),
              status: r.t_status as Task['status'],
              dueAt: new Date(Number(r.t_due_at)),
              dueDay: r.t_due_day!,
              label: r.t_label!,
              escalationLevel: Number(r.t_escalation_level),
              graceUntilDay: r.t_grace_until_day ?? null,
              ownerId: r.t_owner_id == null ? null : Number(r.t_owner_id),
              unitId: r.t_unit_id == null ? null : Number(r.t_unit_id),
            },
      line: { id: r.t_id ?? 0, title: r.l_title, evidence: r.l_evidence, owner: r.l_owner, unit: r.l_unit, head: r.l_head, tz: r.l_tz },
      evidence: jsonArray<string | null>(r.l_kinds).map((kind) => ({ kind })),
    });
  }
  return { msg, person, rows };
}

/**
 * The delivery's hot SQL, in plain statements that SQLite and PostgreSQL both accept (placeholders
 * from the one dialect helper): the joined load of a message, marking it sent, and the reconciler's
 * queries. Each TypeORM repository call costs more than the database does here.
 */
@Injectable()
export class LedgerRepository {
  private readonly loadSqlBySize = new Map<number, string>();
  /** Loads and marks of concurrent delivery jobs, one statement per batch (see `coalescing`). */
  private readonly loads = coalescing<number, Loaded | null>((ids) => this.loadMany(ids));
  private readonly marks = coalescing<SentMark, void>(async (marks) => {
    await this.markSentMany(marks);
    return marks.map(() => undefined);
  });

  /** PostgreSQL's pool, for the load and the mark-sent as named statements (null on SQLite). */
  private readonly pool: pg.Pool | null;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.pool = pgPool(db);
  }

  /** The message, its recipient, and its pending rows each with what its line needs; null when the message is gone. Batched with concurrent loads. */
  load(messageId: number): Promise<Loaded | null> {
    return this.loads.load(messageId);
  }

  /** One query for several messages, in the order of `ids`. */
  async loadMany(ids: readonly number[]): Promise<Array<Loaded | null>> {
    const unique = [...new Set(ids)];
    let raw: LoadRow[];
    if (this.pool) {
      // Padded to PG_GENERIC_IDS with a repeated id (an id once more selects nothing more): PostgreSQL
      // then keeps the prepared statement's generic plan, where fewer ids looked cheaper re-planned
      // each time — and planning this nine-table join cost ten times its execution.
      const padded = unique.length >= PG_GENERIC_IDS ? unique : [...unique, ...Array<number>(PG_GENERIC_IDS - unique.length).fill(unique[0])];
      raw = await namedQuery<LoadRow>(this.pool, 'ducha_ledger_load', PG_LOAD_SQL, [padded]);
    } else {
      let sql = this.loadSqlBySize.get(unique.length);
      if (!sql) this.loadSqlBySize.set(unique.length, (sql = loadSql(dialectOf(this.db), `IN (${dialectOf(this.db).list(unique.length)})`)));
      raw = (await this.db.query(sql, unique)) as LoadRow[];
    }
    const byMessage = new Map<number, LoadRow[]>();
    for (const r of raw) {
      const id = Number(r.m_id);
      const list = byMessage.get(id);
      if (list) list.push(r);
      else byMessage.set(id, [r]);
    }
    return ids.map((id) => {
      const rows = byMessage.get(id);
      return rows ? readLoaded(rows) : null;
    });
  }

  /**
   * Marks one message and its rows sent, right after its own SMTP/HTTP acceptance (batched only
   * with the marks of other jobs that finished meanwhile, never held back): a crash leaves both
   * pending (resent under the same Message-ID) or both sent.
   */
  markSent(id: number, attempts: number, channel: Channel, subject: string, nowMs: number): Promise<void> {
    return this.marks.load({ id, attempts, channel, subject, nowMs });
  }

  /** Several messages and their rows marked sent in one statement (PostgreSQL) or one transaction (SQLite). */
  async markSentMany(marks: readonly SentMark[]): Promise<void> {
    if (this.pool) {
      await namedQuery(this.pool, 'ducha_ledger_mark_sent', PG_MARK_SENT_SQL, [
        marks.map((m) => m.id),
        marks.map((m) => m.attempts),
        marks.map((m) => m.channel),
        marks.map((m) => m.subject),
        marks.map((m) => m.nowMs),
      ]);
      return;
    }
    const message = `UPDATE notification_message SET status = 'sent', attempts = ?, channel = ?, subject = ?, sent_at = ?, last_error = NULL, updated_at = ? WHERE id = ? AND status = 'pending'`;
    const rows = `UPDATE notification SET status = 'sent', updated_at = ? WHERE message_id = ? AND status = 'pending'`;
    await this.db.transaction(async (m) => {
      for (const x of marks) {
        await m.query(message, [x.attempts, x.channel, x.subject, x.nowMs, x.nowMs, x.id]);
        await m.query(rows, [x.nowMs, x.id]);
      }
    });
  }

  /** Whether the org has an active presidium member (what a line saying "已报主席团督办" must be true of). */
  async orgHasPresidium(orgId: number): Promise<boolean> {
    const d = dialectOf(this.db);
    const rows = (await this.db.query(`SELECT 1 AS x FROM person WHERE org_id = ${d.p(1)} AND active = ${d.p(2)} AND roles LIKE '%"presidium"%' LIMIT 1`, [
      orgId,
      d.bool(true),
    ])) as unknown[];
    return rows.length > 0;
  }

  /** The kinds of the evidence attached (not detached) to these tasks, a chunk of ids per query. */
  async attachedEvidence(taskIds: number[]): Promise<Map<number, Array<{ kind: string | null }>>> {
    const out = new Map<number, Array<{ kind: string | null }>>();
    const ids = [...new Set(taskIds)];
    const d = dialectOf(this.db);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = (await this.db.query(
        `SELECT task_id, kind FROM evidence WHERE task_id IN (${d.list(chunk.length)}) AND detached_at IS NULL`,
        chunk,
      )) as Array<{
        task_id: unknown;
        kind: string | null;
      }>;
      for (const r of rows) {
        const list = out.get(Number(r.task_id));
        if (list) list.push({ kind: r.kind });
        else out.set(Number(r.task_id), [{ kind: r.kind }]);
      }
    }
    return out;
  }

  /** Pending messages last touched before `beforeMs`, by id, a page at a time: what the reconciler looks at. */
  async stalePending(beforeMs: number, afterId: number, limit: number): Promise<Array<{ id: number; retries: number }>> {
    const { p } = dialectOf(this.db);
    const rows = (await this.db.query(
      `SELECT id, retries FROM notification_message WHERE status = 'pending' AND updated_at <= ${p(1)} AND id > ${p(2)} ORDER BY id LIMIT ${Number(limit)}`,
      [beforeMs, afterId],
    )) as Array<{ id: unknown; retries: unknown }>;
    return rows.map((r) => ({ id: Number(r.id), retries: Number(r.retries) }));
  }

  /**
   * Takes the next generation of these messages' delivery jobs, each only if it is still pending at
   * the generation read (so two reconcilers never both re-enqueue one message). Returns the winners.
   */
  async bumpGenerations(messages: Array<{ id: number; retries: number }>, nowMs: number): Promise<Array<{ id: number; retries: number }>> {
    if (!messages.length) return [];
    const { p } = dialectOf(this.db);
    const won: Array<{ id: number; retries: number }> = [];
    for (let i = 0; i < messages.length; i += 200) {
      const chunk = messages.slice(i, i + 200);
      const params: number[] = [nowMs];
      const terms = chunk.map((m) => {
        params.push(m.id, m.retries);
        return `(id = ${p(params.length - 1)} AND retries = ${p(params.length)})`;
      });
      const rows = (await this.db.query(
        `UPDATE notification_message SET retries = retries + 1, updated_at = ${p(1)} WHERE status = 'pending' AND (${terms.join(' OR ')}) RETURNING id, retries`,
        params,
      )) as Array<{ id: unknown; retries: unknown }> | [Array<{ id: unknown; retries: unknown }>, number];
      // PostgreSQL's driver answers an UPDATE … RETURNING with [rows, count].
      const list = Array.isArray(rows[0]) ? (rows[0] as Array<{ id: unknown; retries: unknown }>) : (rows as Array<{ id: unknown; retries: unknown }>);
      for (const r of list) won.push({ id: Number(r.id), retries: Number(r.retries) });
    }
    return won;
  }
}
