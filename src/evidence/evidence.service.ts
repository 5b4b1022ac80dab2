import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stat } from 'node:fs/promises';
import { DataSource, In, IsNull } from 'typeorm';
import { canReadTask, hasRole, type Actor } from '../auth/access.js';
import { AuditService } from '../audit/audit.service.js';
import { TaskAccessService } from '../auth/task-access.service.js';
import { Clock } from '../clock/clock.js';
import { conflict, DomainError, forbidden, invalidField, notFound } from '../common/errors.js';
import { isMultipartRequest, receiveSingleFile, type StoredUpload, type UploadRequest } from '../common/multipart.js';
import { AppConfig } from '../config/app-config.js';
import type { PlanItem } from '../plans/plan-item.entity.js';
import { Org } from '../people/org.entity.js';
import { Task } from '../tasks/task.entity.js';
import { readCaptureTime } from './capture-time.js';
import { HeicRenditions } from './heic-rendition.js';
import type { AddEvidenceDto } from './dto/evidence.dto.js';
import { EvidenceStorage, InFlightWrites, type StagedFile } from './evidence-storage.js';
import { Evidence, EvidenceFile } from './evidence.entities.js';
import { directReads, type DirectReads } from '../database/direct-reads.js';
import { rowReader, type RowReader } from '../database/raw-rows.js';
import { ACCEPTED_DESCRIPTION, judgeEvidenceType, sanitiseFileName } from './file-kind.js';
import { kindFromContent, kindRequiredReason, requirementStatus, type RequirementStatus } from './requirements.js';

/** Evidence may change until the task is submitted; after that only a return reopens it. */
const FROZEN = new Set(['submitted', 'done', 'cancelled']);

export interface EvidenceSummary {
  requirements: RequirementStatus[];
  missing: RequirementStatus[];
  evidence: Array<Evidence & { file: EvidenceFile | null }>;
  detached: Array<Evidence & { file: EvidenceFile | null }>;
}

/** One of the caller's uploads, offered for reuse on another task. */
export interface MyUpload {
  id: number;
  originalName: string;
  mime: string;
  size: number;
  createdAt: Date;
  takenAt: Date | null;
  /** What it was attached as (照片, 会议记录, …). */
  kinds: string[];
  /** The tasks it backs now (not detached). */
  tasks: Array<{ id: number; label: string; itemTitle: string | null }>;
}

/** summary()'s readers and statement, made once per service. */
function summaryReaders(db: DataSource): { evidence: RowReader<Evidence>; file: RowReader<EvidenceFile>; sql: string; reads: DirectReads } {
  const evidence = rowReader(db, Evidence);
  const file = rowReader(db, EvidenceFile);
  const sql =
    `SELECT ${evidence.select('ev')}, ${file.select('f')} FROM evidence ev LEFT JOIN evidence_file f ON f.id = ev.file_id ` +
    'WHERE ev.task_id = :taskId ORDER BY ev.added_at ASC, ev.id ASC';
  return { evidence, file, sql, reads: directReads(db) };
}

@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly access: TaskAccessService,
    private readonly storage: EvidenceStorage,
    private readonly heic: HeicRenditions,
  ) {}

  /** Uploads a file (multipart field "file", optional field "kind") and attaches it to the task. */
  async uploadToTask(actor: Actor, taskId: number, req: UploadRequest): Promise<Evidence & { file: EvidenceFile }> {
    const { task, item } = await this.access.require(actor, taskId, 'work');
    this.assertEditable(task);
    const { file, fields } = await this.receive(actor, req);
    const kind = this.kindField(fields.kind);
    return this.attachFile(actor, task, item, file, kind);
  }

  /** Uploads a file without attaching it (to attach to several tasks later by fileId). */
  async uploadLoose(actor: Actor, req: UploadRequest): Promise<EvidenceFile> {
    return (await this.receive(actor, req)).file;
  }

  async add(actor: Actor, taskId: number, dto: AddEvidenceDto): Promise<Evidence & { file: EvidenceFile | null }> {
    const given = [dto.fileId, dto.url, dto.note].filter((v) => v !== undefined).length;
    if (given !== 1) throw invalidField('fileId', '必须且只能给出 fileId、url、note 之一');
    const { task, item } = await this.access.require(actor, taskId, 'work');
    this.assertEditable(task);
    if (dto.fileId) {
      const file = await this.fileFor(actor, dto.fileId);
      return this.attachFile(actor, task, item, file, dto.kind?.trim() || null);
    }
    if (dto.url) return this.attach(actor, task, { type: 'link', url: dto.url, kind: dto.kind ?? null }, null);
    return this.attach(actor, task, { type: 'note', note: dto.note!, kind: dto.kind ?? null }, null);
  }

  /** Detaching is allowed (and audited) until submission; the row stays, marked detached. */
  async detach(actor: Actor, taskId: number, evidenceId: number): Promise<void> {
    const { task } = await this.access.require(actor, taskId, 'work');
    const ev = await this.db.getRepository(Evidence).findOneBy({ id: evidenceId, taskId });
    if (!ev || ev.detachedAt) throw notFound('佐证材料', evidenceId);
    this.assertEditable(task);
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      await m.getRepository(Evidence).update({ id: ev.id }, { detachedAt: now, detachedBy: actor.id });
      await this.audit.record(
        [
          {
            entityType: 'task',
            entityId: task.id,
            taskId: task.id,
            orgId: task.orgId,
            action: 'evidence_detached',
            actorId: actor.id,
            data: { evidenceId: ev.id, type: ev.type, kind: ev.kind, fileId: ev.fileId },
          },
        ],
        m,
      );
    });
  }

  async list(actor: Actor, taskId: number): Promise<EvidenceSummary> {
    const { task, item } = await this.access.require(actor, taskId, 'read');
    return this.summary(task, item);
  }

  /** Requirements met/missing and the evidence behind them; detached evidence is kept and shown apart. */
  async summary(task: Pick<Task, 'id'>, item: Pick<PlanItem, 'evidenceRequirements'> | null): Promise<EvidenceSummary> {
    // One hand-written statement (evidence with its file), read like TypeORM's hydration: the task
    // detail is a hot route and the two repository finds cost more than the database did (#14).
    const readers = (this.readers ??= summaryReaders(this.db));
    const raw = await readers.reads.all<Record<string, unknown>>(readers.sql, { taskId: task.id });
    const withFile = raw.map((r) => {
      const e = readers.evidence.read(r, 'ev');
      return { ...e, file: e.fileId && r.f_id != null ? readers.file.read(r, 'f') : null };
    });
    const current = withFile.filter((r) => !r.detachedAt);
    const requirements = requirementStatus(item?.evidenceRequirements ?? [], current);
    return { requirements, missing: requirements.filter((r) => !r.met), evidence: current, detached: withFile.filter((r) => r.detachedAt) };
  }
  private readers?: ReturnType<typeof summaryReaders>;

  async missingFor(task: Task, item: PlanItem | null): Promise<RequirementStatus[]> {
    return (await this.summary(task, item)).missing;
  }

  /**
   * The caller's own uploads in their org (never anyone else's), newest first, each with the kinds it
   * was attached as and the tasks it backs now; `exceptTask` leaves out those already on that task.
   */
  async myUploads(actor: Actor, q: { exceptTask?: number; limit?: number } = {}): Promise<MyUpload[]> {
    const limit = q.limit ?? 30;
    const files = await this.db.getRepository(EvidenceFile).find({
      where: { orgId: actor.orgId, uploadedBy: actor.id },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: q.exceptTask ? limit + 100 : limit,
    });
    if (!files.length) return [];
    const rows = await this.db.getRepository(Evidence).find({
      where: { fileId: In(files.map((f) => f.id)), orgId: actor.orgId },
      select: { fileId: true, taskId: true, kind: true, detachedAt: true },
      order: { id: 'ASC' },
    });
    const taskIds = [...new Set(rows.filter((r) => !r.detachedAt).map((r) => r.taskId))];
    const tasks = taskIds.length ? await this.db.getRepository(Task).find({ where: { id: In(taskIds) }, select: { id: true, itemId: true, label: true } }) : [];
    const itemIds = [...new Set(tasks.map((t) => t.itemId))];
    const titles = new Map(
      (itemIds.length ? await this.db.getRepository<PlanItem>('PlanItem').find({ where: { id: In(itemIds) }, select: { id: true, title: true } }) : []).map(
        (i) => [i.id, i.title],
      ),
    );
    const taskOf = new Map(tasks.map((t) => [t.id, t]));
    return files
      .map((f) => {
        const mine = rows.filter((r) => r.fileId === f.id);
        const on = [...new Set(mine.filter((r) => !r.detachedAt).map((r) => r.taskId))];
        return {
          id: f.id,
          originalName: f.originalName,
          mime: f.mime,
          size: f.size,
          createdAt: f.createdAt,
          takenAt: f.takenAt,
          kinds: [...new Set(mine.map((r) => r.kind).filter((k): k is string => !!k))],
          tasks: on.map((id) => ({ id, label: taskOf.get(id)?.label ?? '', itemTitle: titles.get(taskOf.get(id)?.itemId ?? 0) ?? null })),
        };
      })
      .filter((f) => !q.exceptTask || !f.tasks.some((t) => t.id === q.exceptTask))
      .slice(0, limit);
  }

  /** A file the caller may see: they uploaded it, or it backs evidence of a task they may read. */
  async fileFor(actor: Actor, fileId: number): Promise<EvidenceFile> {
    const file = await this.db.getRepository(EvidenceFile).findOneBy({ id: fileId });
    if (!file) throw notFound('文件', fileId);
    if (file.orgId !== actor.orgId) throw forbidden('无权访问其他组织的文件');
    if (file.uploadedBy === actor.id || hasRole(actor, 'admin', 'presidium')) return file;
    const taskIds = (await this.db.getRepository(Evidence).find({ where: { fileId }, select: { taskId: true } })).map((e) => e.taskId);
    for (const taskId of new Set(taskIds)) {
      const { scope } = await this.access.load(taskId);
      if (canReadTask(actor, scope)) return file;
    }
    throw forbidden('无权下载此文件：只能下载本人上传的或本人可查看任务的佐证材料');
  }

  /**
   * The stored content to send. rendition "jpeg" asks for the JPEG made from a HEIC photo; a file that has
   * none (not HEIC, or it could not be decoded) is sent as uploaded, so a viewer can always ask for it.
   */
  async download(actor: Actor, fileId: number, rendition?: string): Promise<{ file: EvidenceFile; path: string; mime: string; size: number; name: string }> {
    if (rendition !== undefined && rendition !== 'jpeg') throw invalidField('rendition', '只能是 jpeg（HEIC 照片的 JPEG 版本）');
    const file = await this.fileFor(actor, fileId);
    if (rendition === 'jpeg' && file.jpegSha256 && (await this.storage.exists(file.jpegSha256))) {
      const jpegPath = this.storage.pathFor(file.jpegSha256);
      const size = (await stat(jpegPath)).size;
      return { file, path: jpegPath, mime: 'image/jpeg', size, name: file.originalName.replace(/\.(heic|heif)$/i, '') + '.jpg' };
    }
    if (!(await this.storage.exists(file.sha256))) throw new DomainError(HttpStatus.GONE, 'FILE_MISSING', '文件内容已不在存储中，请联系管理员');
    return { file, path: this.storage.pathFor(file.sha256), mime: file.mime, size: file.size, name: file.originalName };
  }

  /** The photo's EXIF capture time, read in the org's zone (EXIF times carry none); null when absent or unreadable. */
  private async captureTime(orgId: number, mime: string, storedPath: string): Promise<Date | null> {
    if (!mime.startsWith('image/')) return null;
    const org = await this.db.getRepository(Org).findOneBy({ id: orgId });
    return readCaptureTime(storedPath, mime, org?.timeZone ?? this.config.timeZone);
  }

  private assertEditable(task: Task): void {
    if (FROZEN.has(task.status))
      throw conflict(
        'EVIDENCE_FROZEN',
        task.status === 'submitted' ? '任务已提交待审核，佐证材料暂不能修改；如需补充请等待退回' : '任务已完成或已取消，佐证材料不能再修改',
      );
  }

  /**
   * A file attached to a task, the same way from both routes (upload and attach by fileId). Without a
   * kind, the content gives one (a photo is a 照片) or it is a 422 naming the kinds the item expects
   * (an uploaded file stays the uploader's, to attach again with a kind). The same file again with
   * another kind changes the kind (audited) instead of refusing; the same file again as it is is a 409.
   */
  private async attachFile(
    actor: Actor,
    task: Task,
    item: Pick<PlanItem, 'evidenceRequirements'> | null,
    file: EvidenceFile,
    kind: string | null,
  ): Promise<Evidence & { file: EvidenceFile }> {
    const existing = await this.db.getRepository(Evidence).findOneBy({ taskId: task.id, fileId: file.id, detachedAt: IsNull() });
    if (!existing) {
      const given = kind ?? kindFromContent(file.mime);
      if (!given) {
        const reason = kindRequiredReason(item?.evidenceRequirements ?? []);
        throw invalidField('kind', reason, reason);
      }
      return this.attach(actor, task, { type: 'file', fileId: file.id, kind: given }, file);
    }
    if (!kind || kind === existing.kind)
      throw conflict('EVIDENCE_DUPLICATE', `该文件已是此任务的佐证：${file.originalName}；如需更改材料类别，请带上新的 kind 再提交一次`);
    await this.db.transaction(async (m) => {
      await m.getRepository(Evidence).update({ id: existing.id }, { kind });
      await this.audit.record(
        [
          {
            entityType: 'task',
            entityId: task.id,
            taskId: task.id,
            orgId: task.orgId,
            action: 'evidence_kind_changed',
            actorId: actor.id,
            data: { evidenceId: existing.id, from: existing.kind, to: kind, fileId: file.id },
          },
        ],
        m,
      );
    });
    return { ...existing, kind, file };
  }

  private kindField(raw: unknown): string | null {
    if (raw === undefined || raw === '') return null;
    if (typeof raw !== 'string' || raw.trim().length > 50) throw invalidField('kind', '材料类别最多 50 个字');
    return raw.trim();
  }

  private async attach(actor: Actor, task: Task, e: Partial<Evidence>, file: EvidenceFile | null): Promise<Evidence & { file: EvidenceFile }> {
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const saved = await m.getRepository(Evidence).save(
        m.getRepository(Evidence).create({
          orgId: task.orgId,
          taskId: task.id,
          kind: null,
          fileId: null,
          url: null,
          note: null,
          ...e,
          addedBy: actor.id,
          addedAt: now,
          detachedAt: null,
          detachedBy: null,
        }),
      );
      await this.audit.record(
        [
          {
            entityType: 'task',
            entityId: task.id,
            taskId: task.id,
            orgId: task.orgId,
            action: 'evidence_added',
            actorId: actor.id,
            data: {
              evidenceId: saved.id,
              type: saved.type,
              kind: saved.kind,
              ...(file ? { fileId: file.id, name: file.originalName, sha256: file.sha256 } : {}),
            },
          },
        ],
        m,
      );
      return { ...saved, file: file! };
    });
  }

  /** Streams the multipart body to disk, checks it and stores it once by content. Nothing is kept on failure. */
  private async receive(actor: Actor, req: UploadRequest): Promise<{ file: EvidenceFile; fields: Record<string, unknown> }> {
    if (!isMultipartRequest(req)) throw new DomainError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'NOT_MULTIPART', '请用 multipart/form-data 上传，文件字段名为 file');
    const limits = { fileSize: this.config.evidence.maxBytes, files: 1, fields: 5, fieldSize: 1000 };
    const inFlight = new InFlightWrites();
    let received: Awaited<ReturnType<typeof receiveSingleFile>>;
    try {
      received = await receiveSingleFile(req, 'file', limits, this.storage.engine(inFlight));
    } catch (err) {
      // The parser has removed what it had stored; a write still under way when the body broke is waited for here.
      await inFlight.abort();
      throw err;
    }
    const uploaded = received.file as (StoredUpload & { sha256?: string }) | undefined;
    const fields = received.fields;
    if (!uploaded?.path) throw invalidField('file', '没有收到文件：字段名应为 file');
    const staged: StagedFile = { tmpPath: uploaded.path, sha256: uploaded.sha256 ?? '', size: uploaded.size };
    try {
      const named = sanitiseFileName(uploaded.originalname);
      if (!named.ok) throw invalidField('file', named.reason, `文件名不合规：${named.reason}`);
      if (staged.size === 0) throw invalidField('file', '文件是空的', '文件是空的（0 字节）');
      const { type, reason } = await judgeEvidenceType(staged.tmpPath, named.name);
      if (!type)
        throw new DomainError(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          'FILE_TYPE_REJECTED',
          reason ? `文件不被接受：${reason}` : `不支持的文件类型（按文件内容判断，不看扩展名）：只接受${ACCEPTED_DESCRIPTION}`,
          { file: [reason ?? '文件类型不被接受'] },
        );
      const repo = this.db.getRepository(EvidenceFile);
      // The content is stored once per org, but the record is the uploader's own (their name for it,
      // their id): someone else's identical bytes never hand back another person's record.
      const mine = { orgId: actor.orgId, sha256: staged.sha256, uploadedBy: actor.id };
      const existing = await repo.findOneBy(mine);
      await this.storage.commit(staged);
      if (existing) return { file: existing, fields };
      const storedPath = this.storage.pathFor(staged.sha256);
      const takenAt = await this.captureTime(actor.orgId, type.mime, storedPath);
      // Decoded on a worker thread (heic-rendition.ts): the request thread serves others meanwhile.
      const jpeg = await this.heic.jpeg(storedPath, type.mime);
      const jpegSha256 = jpeg ? (await this.storage.storeBytes(jpeg)).sha256 : null;
      try {
        const file = await repo.save(
          repo.create({
            orgId: actor.orgId,
            sha256: staged.sha256,
            size: staged.size,
            mime: type.mime,
            ext: type.ext,
            originalName: named.name,
            uploadedBy: actor.id,
            createdAt: this.clock.now(),
            takenAt,
            jpegSha256,
          }),
        );
        return { file, fields };
      } catch (err) {
        // The same person's two first uploads of the same content at once: the other won the unique key; use its row.
        const winner = await repo.findOneBy(mine);
        if (winner) return { file: winner, fields };
        throw err;
      }
    } finally {
      await this.storage.discard(staged.tmpPath);
    }
  }
}
