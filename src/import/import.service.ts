import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/errors.js';
import { Org } from '../people/org.entity.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../people/unit.entity.js';
import type { PlanItem } from '../plans/plan-item.entity.js';
import type { Plan } from '../plans/plan.entity.js';
import { PlansService, type DraftPlan, type ItemReviewFields, type ResolvedItem } from '../plans/plans.service.js';
import { extractPlans, REVIEW_THRESHOLD, type ExtractedItem } from './extract.js';
import { ImportError, readPlanFile, writeLedgerXlsx, type LedgerItem, type LedgerRow } from './formats.js';
import { certainMatch, likelyMatch, rankByName, type Candidate } from './match.js';
import { ledgerTimeText } from './phrase.js';
import { parseSchedule, type ScheduleDetail } from '../schedule/index.js';

function readDetail(text: string): ScheduleDetail | undefined {
  const p = parseSchedule(text);
  return p.ok ? p.detail : undefined;
}

export interface ImportSource {
  /** A file as uploaded (txt, docx, xlsx) … */
  file?: { buffer: Buffer; name: string };
  /** … or plain text. */
  text?: string;
  orgId: number;
  /** The plans' year when the document does not name one; else the clock's year. */
  year?: number;
  /** Title for a single-plan document without one of its own. */
  title?: string;
}

export interface ItemReview {
  itemId: number;
  title: string;
  confidence: number | null;
  timed: boolean;
  notes: string[];
  /** Names the document wrote, and who they may be. */
  unitWritten: string | null;
  ownerWritten: string | null;
  unitCandidates: Candidate[];
  ownerCandidates: Candidate[];
}

export interface ImportResult {
  plans: Array<Plan & { items: PlanItem[]; review: ItemReview[]; skipped: number }>;
  warnings: string[];
  /** Items below this confidence are the ones the review screen marks. */
  reviewThreshold: number;
}

interface Staged {
  draft: DraftPlan;
  review: Array<Omit<ItemReview, 'itemId' | 'title'>>;
  skipped: number;
}

/** Plan documents → draft plans for review. Reading and extraction are pure (formats.ts, extract.ts). */
@Injectable()
export class ImportService {
  private readonly logger = new Logger(ImportService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly plans: PlansService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async import(src: ImportSource, actorId: number | null = null): Promise<ImportResult> {
    const org = await this.db.getRepository(Org).findOneBy({ id: src.orgId });
    if (!org) throw new DomainError(422, 'VALIDATION_FAILED', '请求参数有误', { orgId: [`组织不存在：${src.orgId}`] });
    const units = await this.db.getRepository(Unit).findBy({ orgId: src.orgId });
    const people = await this.db.getRepository(Person).findBy({ orgId: src.orgId });
    const defaultYear = src.year ?? Number(this.clock.now().toISOString().slice(0, 4));
    const warnings: string[] = [];

    let staged: Staged[];
    if (src.file) {
      const file = await this.read(src.file.buffer, src.file.name);
      if (file.kind === 'xlsx') {
        const title = src.title ?? file.title ?? src.file.name.replace(/\.[^.]+$/, '');
        staged = [this.stageLedger(file.rows ?? [], title, file.year ?? defaultYear, src.file.name, units, people, warnings)];
      } else {
        staged = this.stageText(file.text ?? '', src, defaultYear, src.file.name, units, people, warnings);
      }
    } else {
      if (!src.text?.trim()) throw new DomainError(422, 'EMPTY', '导入内容是空的', { text: ['不能为空'] });
      staged = this.stageText(src.text, src, defaultYear, '文本', units, people, warnings);
    }
    // A part with no commitments (a report of past work) is still one of the document's plans;
    // a text with neither a dated sentence nor any numbered structure is not a plan.
    if (!staged.some((s) => s.draft.items.some((i) => i.schedule || i.sectionPath.length)))
      throw new DomainError(422, 'NO_ITEMS', '未在文件中找到任何计划事项（需要含有“一、”“1、”等条目或时间安排的工作计划）');

    const created = await this.plans.createDrafts(
      src.orgId,
      staged.map((s) => s.draft),
      actorId,
    );
    this.logger.log(`导入 ${created.length} 个计划、${created.reduce((n, p) => n + p.items.length, 0)} 个事项（组织 ${src.orgId}）`);
    return {
      plans: created.map((plan, i) => ({
        ...plan,
        skipped: staged[i].skipped,
        review: plan.items.map((item, j) => ({ itemId: item.id, title: item.title, ...staged[i].review[j] })),
      })),
      warnings,
      reviewThreshold: REVIEW_THRESHOLD,
    };
  }

  /** The plan as a 台账 in the layout import reads back. */
  async exportLedger(planId: number): Promise<{ buffer: Buffer; filename: string }> {
    const plan = await this.plans.get(planId);
    const items = await this.plans.items(planId);
    const units = new Map((await this.db.getRepository(Unit).findBy({ orgId: plan.orgId })).map((u) => [u.id, u.name]));
    const people = new Map((await this.db.getRepository(Person).findBy({ orgId: plan.orgId })).map((p) => [p.id, p.name]));
    const rows: LedgerItem[] = items.map((it) => ({
      code: it.code,
      title: it.title,
      section: it.sectionPath,
      timeText: ledgerTimeText(it.schedule, it.scheduleDetail, it.timeText),
      schedule: it.schedule,
      unit: it.unitId ? (units.get(it.unitId) ?? null) : null,
      owner: it.ownerId ? (people.get(it.ownerId) ?? null) : null,
      coUnits: it.coUnitIds.map((id) => units.get(id)).filter((n): n is string => !!n),
      evidence: it.evidenceRequirements.map((e) => ({ kind: e.kind, min: e.min })),
    }));
    const buffer = await writeLedgerXlsx({ title: plan.title, year: plan.year, items: rows });
    return { buffer, filename: `${plan.title}-台账.xlsx` };
  }

  private async read(buffer: Buffer, name: string) {
    try {
      return await readPlanFile(buffer, name, { maxBytes: this.config.importMaxBytes });
    } catch (e) {
      if (e instanceof ImportError) throw new DomainError(e.status, e.code, e.message, { file: [e.message] }, e.details);
      throw e;
    }
  }

  private stageText(text: string, src: ImportSource, defaultYear: number, sourceName: string, units: Unit[], people: Person[], warnings: string[]): Staged[] {
    const plans = extractPlans(text);
    return plans.map((p, index) => {
      const title = (plans.length === 1 && src.title) || p.title || src.title || `导入的工作计划${plans.length > 1 ? index + 1 : ''}`;
      // Offices re-use last year's plan: the year asked for wins over the year the document names,
      // and the items' years move with it.
      let year = p.year ?? defaultYear;
      let shift = 0;
      if (src.year !== undefined && p.year !== null && p.year !== src.year) {
        warnings.push(`“${title}”写的是${p.year}年，已按所选的${src.year}年导入，各事项的年份随之调整，请核对`);
        shift = src.year - p.year;
        year = src.year;
      }
      const items = p.items.map((it) => this.stageExtracted(it, units, people, shift));
      return {
        draft: {
          title: title.slice(0, 300),
          year,
          sourceText: text.slice(...this.span(p, plans, index, text)),
          source: `${sourceName}${plans.length > 1 ? `，第${index + 1}篇` : ''}`,
          items: items.map((x) => x.item),
        },
        review: items.map((x) => x.review),
        skipped: p.skipped.length,
      };
    });
  }

  /** The part of the document a plan came from (from its title line to the next plan's). */
  private span(p: { line: number }, plans: Array<{ line: number }>, index: number, text: string): [number, number] {
    const lineStart = (line: number) => {
      let pos = 0;
      for (let l = 1; l < line && pos !== -1; l++) pos = text.indexOf('\n', pos) + 1 || -1;
      return pos === -1 ? text.length : pos;
    };
    return [lineStart(p.line), index + 1 < plans.length ? lineStart(plans[index + 1].line) : text.length];
  }

  private stageExtracted(
    it: ExtractedItem,
    units: Unit[],
    people: Person[],
    yearShift = 0,
  ): { item: ResolvedItem & ItemReviewFields; review: Staged['review'][number] } {
    const notes = [...it.notes];
    const unitCandidates = rankByName(it.unit, units);
    const unitMatch = likelyMatch(unitCandidates);
    const unitId = unitMatch?.id ?? null;
    if (unitMatch && !unitMatch.certain) notes.push(`责任单位“${it.unit}”按简称或部分名称匹配为“${units.find((u) => u.id === unitId)!.name}”，请确认`);
    // A table's 责任人 column names the person; otherwise the matched unit's head and staff are the candidates.
    const ownerWritten = it.owner ?? null;
    const ownerCandidates = ownerWritten
      ? rankByName(ownerWritten, people)
      : unitId
        ? unitMembers(
            units.find((u) => u.id === unitId)!,
            people,
          )
        : [];
    const ownerId = ownerWritten ? certainMatch(ownerCandidates) : null;
    const coUnitIds = it.coUnits.map((n) => likelyMatch(rankByName(n, units))?.id ?? null).filter((id): id is number => id !== null);
    // An untimed item under a heading with a period ("第四季度…") takes that period.
    const own = it.schedule ? { ...it.schedule, year: it.schedule.year === null ? null : it.schedule.year + yearShift } : null;
    const schedule = own ?? it.scope;
    return {
      item: {
        title: it.title.slice(0, 300),
        sectionPath: it.section,
        code: null,
        sourceQuote: it.quote,
        timeText: it.timeText,
        schedule,
        scheduleDetail: it.schedule ? it.scheduleDetail : null,
        ownerId,
        unitId,
        coUnitIds,
        evidenceRequirements: it.evidence.map((e) => ({ kind: e.kind, min: e.min })),
        confidence: it.confidence,
        reviewReasons: notes,
        unitWritten: it.unit ? it.unit.slice(0, 200) : null,
        ownerWritten: ownerWritten ? ownerWritten.slice(0, 100) : null,
        unitCandidates,
        ownerCandidates,
      },
      review: { confidence: it.confidence, timed: it.timed, notes, unitWritten: it.unit, ownerWritten, unitCandidates, ownerCandidates },
    };
  }

  private stageLedger(rows: LedgerRow[], title: string, year: number, sourceName: string, units: Unit[], people: Person[], warnings: string[]): Staged {
    const review: Staged['review'] = [];
    const items: Array<ResolvedItem & ItemReviewFields> = rows.map((r) => {
      const unitCandidates = rankByName(r.unit, units);
      const ownerCandidates = rankByName(r.owner, people);
      const notes = r.scheduleIssue ? [`第${r.row}行时间无法识别：${r.scheduleIssue}`] : [];
      if (r.scheduleIssue) warnings.push(notes[0]);
      review.push({
        confidence: r.scheduleIssue ? 0.3 : 1,
        timed: !!r.schedule,
        notes,
        unitWritten: r.unit,
        ownerWritten: r.owner,
        unitCandidates,
        ownerCandidates,
      });
      return {
        title: r.title.slice(0, 300),
        sectionPath: r.section,
        code: r.code,
        sourceQuote: null,
        timeText: r.timeText,
        schedule: r.schedule,
        // The ledger keeps the phrase; its details ("每月5日前" → the 5th) come from reading it again.
        scheduleDetail: r.schedule && r.timeText ? (readDetail(r.timeText) ?? null) : null,
        ownerId: certainMatch(ownerCandidates),
        unitId: certainMatch(unitCandidates),
        coUnitIds: r.coUnits.map((n) => certainMatch(rankByName(n, units))).filter((id): id is number => id !== null),
        evidenceRequirements: r.evidence.map((e) => ({ kind: e.kind, min: e.min })),
        confidence: r.scheduleIssue ? 0.3 : 1,
        reviewReasons: notes,
        unitWritten: r.unit ? r.unit.slice(0, 200) : null,
        ownerWritten: r.owner ? r.owner.slice(0, 100) : null,
        unitCandidates,
        ownerCandidates,
      };
    });
    return { draft: { title: title.slice(0, 300), year, sourceText: null, source: sourceName, items }, review, skipped: 0 };
  }
}

/** The people of a unit as owner candidates, its head first. */
function unitMembers(unit: Unit, people: Person[]): Candidate[] {
  return people
    .filter((p) => p.unitId === unit.id && p.active)
    .sort((a, b) => Number(b.id === unit.headId) - Number(a.id === unit.headId) || a.id - b.id)
    .slice(0, 5)
    .map((p) => ({ id: p.id, name: p.name, score: p.id === unit.headId ? 0.8 : 0.6 }));
}
