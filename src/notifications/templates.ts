/**
 * Message texts (Chinese), pure: plain data in, subject / text / html / markdown / card out; the
 * channel picks the form. Every statement in a message must be true of the data passed in: "补发"
 * only when the caller says the system was really down, "已告知责任单位负责人" only when a head was
 * told, "已报主席团" only when the org has a presidium.
 */

/** Whom a line is addressed to: the owner does the work, the unit head urges it, the presidium supervises. */
export type LineRole = 'owner' | 'unitHead' | 'presidium';

export interface TaskLine {
  taskId: number;
  /** The item's title. */
  title: string;
  /** The task's period label ("2024年3月"). */
  label: string;
  /** Due day in the org's local time, YYYY-MM-DD. */
  dueDay: string;
  stage: string;
  /** Whom this line addresses. */
  role: LineRole;
  /** Calendar days past the due day (0 when not overdue). */
  daysOverdue: number;
  /** Calendar days until the due day (0 = today); ignored when overdue. */
  daysLeft: number;
  ownerName: string | null;
  unitName: string | null;
  /** Expected evidence not yet attached ("照片×2"), from the requirement status. */
  missingEvidence: string[];
  /** The unit head was sent this escalation too (the unit has a head and the head is not the owner). */
  headTold: boolean;
  /** The org has presidium members who receive escalations. */
  presidiumTold: boolean;
  /** Link to the task page. */
  url: string;
  /** Set while the task is in its activation grace period: the local day the grace ends. */
  graceUntilDay?: string | null;
}

/** 企业微信 textcard / 钉钉 action_card: a title, a short body, one link and its button. */
export interface Card {
  title: string;
  /** 企业微信 textcard description (its small HTML subset: div.gray / div.normal / div.highlight), ≤ 512 bytes. */
  description: string;
  /** 钉钉 action_card markdown. */
  markdown: string;
  url: string;
  button: string;
}

export interface Rendered {
  subject: string;
  text: string;
  html: string;
  markdown: string;
  card: Card;
}

export interface DigestInput {
  name: string;
  /** Lines of tasks the person owns (role owner) and of their unit's tasks they answer for (role unitHead). */
  lines: TaskLine[];
  /** The system was down past the catch-up horizon and these reminders are late. */
  catchUp: boolean;
  boardUrl: string;
  /** When the caller cut the list: how many lines there were in all (shown as "共 M 项"). */
  total?: number;
}

export interface AlertInput {
  name: string;
  /** Local day of the alert, YYYY-MM-DD. */
  day: string;
  newlyOverdue: TaskLine[];
  escalated: TaskLine[];
  boardUrl: string;
  /** When the caller cut the lists: their full lengths. */
  totals?: { newlyOverdue: number; escalated: number };
}

export const BUTTON = '去办理';
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** "2024-03-29" → "2024年3月29日（周五）"; the day is already local, so no zone math here. */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const wd = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay();
  return `${m[1]}年${+m[2]}月${+m[3]}日（${WEEKDAYS[wd]}）`;
}

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Cuts a string to at most `max` UTF-8 bytes on a character boundary, ending in "…" when cut. */
export function truncateBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > max - 3) break;
    out += ch;
    bytes += b;
  }
  return `${out}…`;
}

const short = (s: string, n = 18): string => ([...s].length > n ? `${[...s].slice(0, n).join('')}…` : s);

/** Where the task stands, as the addressee should read it. */
export function standing(l: TaskLine): string {
  if (l.daysOverdue > 0 && l.graceUntilDay) return `计划启用时已过截止日，请于 ${formatDay(l.graceUntilDay)} 前办理`;
  if (l.daysOverdue > 0) return `已逾期 ${l.daysOverdue} 天`;
  const before = /^before-(\d+)$/.exec(l.stage);
  if (before) return `还有 ${before[1]} 个工作日到期`;
  if (l.daysLeft === 0) return '今天到期';
  if (l.stage === 'window-open') return `已进入办理期，还剩 ${l.daysLeft} 天`;
  return `还剩 ${l.daysLeft} 天`;
}

/**
 * Whether a line of this stage, read by `role`, would say "已报主席团督办" when the org has a
 * presidium: delivery looks the presidium up only for messages with such a line.
 */
export function mentionsPresidium(stage: string, role: string): boolean {
  return role !== 'presidium' && stage.startsWith('escalate-2');
}

/** The true part of an escalation: who else has been told. */
function whoWasTold(l: TaskLine, role: LineRole): string {
  if (role === 'owner' && l.stage === 'escalate-1' && l.headTold) return '，已告知责任单位负责人';
  if (mentionsPresidium(l.stage, role) && l.presidiumTold) return '，已报主席团督办';
  return '';
}

const missing = (l: TaskLine): string => (l.missingEvidence.length ? `尚缺佐证：${l.missingEvidence.join('、')}` : '佐证已齐，待提交审核');
const who = (l: TaskLine): string => `责任人：${l.ownerName ?? '未指定'}（${l.unitName ?? '未指定单位'}）`;

/** One line's parts in reading order; the link is kept apart so each form can render it its own way. */
function parts(l: TaskLine, role: LineRole): string[] {
  const head = `${l.title}（${l.label}）`;
  const due = `截止 ${formatDay(l.dueDay)}，${standing(l)}${whoWasTold(l, role)}`;
  if (role === 'owner') return [head, due, missing(l)];
  return [head, who(l), due, missing(l)];
}

const ACTION: Record<LineRole, string> = { owner: '去办理', unitHead: '请督促办理', presidium: '查看' };

function lineText(l: TaskLine, role: LineRole): string {
  return `${parts(l, role).join('｜')}\n   ${ACTION[role]}：${l.url}`;
}
function lineHtml(l: TaskLine, role: LineRole): string {
  const [head, ...rest] = parts(l, role);
  return `<li><a href="${esc(l.url)}"><b>${esc(head)}</b></a><br>${rest.map(esc).join('<br>')}<br><a href="${esc(l.url)}">${ACTION[role]}</a></li>`;
}
function lineMarkdown(l: TaskLine, role: LineRole): string {
  const [head, ...rest] = parts(l, role);
  return `> **${head}**\n> ${rest.join('｜')}\n> [${ACTION[role]}](${l.url})`;
}

function moreText(shown: number, total: number | undefined, boardUrl: string): string | null {
  return total !== undefined && total > shown ? `以上为前 ${shown} 项，共 ${total} 项，全部事项请在督查系统查看：${boardUrl}` : null;
}

function lineStatusForSubject(l: TaskLine): string {
  if (l.daysOverdue > 0) return `已逾期${l.daysOverdue}天`;
  if (l.daysLeft === 0) return '今天到期';
  return `${formatDay(l.dueDay)
    .replace(/^\d{4}年/, '')
    .replace(/（.*$/, '')}到期`;
}

/**
 * A person's digest of one run: their own tasks (to do: upload what is missing and submit) and, for a
 * unit head, the unit's overdue tasks of other owners, each named (to urge, not to upload).
 */
export function renderDigest(input: DigestInput): Rendered {
  const own = input.lines.filter((l) => l.role === 'owner');
  const urge = input.lines.filter((l) => l.role !== 'owner');
  const ownLate = own.filter((l) => l.daysOverdue > 0);
  const ownSoon = own.filter((l) => l.daysOverdue === 0);
  const total = input.total ?? input.lines.length;
  const cut = total > input.lines.length;

  let subject: string;
  if (!cut && input.lines.length === 1) {
    const l = input.lines[0];
    subject =
      l.role === 'owner'
        ? `【督查提醒】${short(l.title)}（${l.label}）${lineStatusForSubject(l)}`
        : `【督办提醒】${l.ownerName ?? '未指定责任人'}：${short(l.title)}${lineStatusForSubject(l)}，请督促`;
  } else if (own.length && !urge.length) {
    subject = ownLate.length
      ? `【督查提醒】您有 ${ownLate.length} 项工作已逾期${ownSoon.length ? `、${ownSoon.length} 项即将到期` : ''}`
      : `【督查提醒】您有 ${ownSoon.length} 项工作需要办理`;
  } else if (!own.length) {
    subject = `【督办提醒】本单位 ${cut ? total : urge.length} 项工作已逾期，请督促办理`;
  } else {
    subject = `【督查提醒】您有 ${own.length} 项工作需要办理，本单位 ${urge.length} 项逾期需督促`;
  }

  const intro = `${input.name}，您好：${input.catchUp ? '督查系统曾中断运行，以下是中断期间应发的提醒，合并补发。' : ''}`;
  const all: Array<{ heading: string; lines: TaskLine[]; role: LineRole }> = [
    { heading: '已逾期', lines: ownLate, role: 'owner' },
    { heading: '即将到期 / 办理中', lines: ownSoon, role: 'owner' },
    { heading: '本单位逾期事项（请督促责任人办理）', lines: urge, role: 'unitHead' },
  ];
  const sections = all.filter((s) => s.lines.length);
  const asks = [
    own.length ? '请在截止前上传尚缺的佐证材料并提交审核。' : null,
    urge.length ? '请督促以上责任人尽快办理；已提交的事项请及时审核。' : null,
  ].filter((s): s is string => !!s);
  const more = moreText(input.lines.length, input.total, input.boardUrl);

  let n = 0;
  const text = [
    intro,
    '',
    ...sections.flatMap((s) => [`${s.heading}：`, ...s.lines.map((l) => `${++n}. ${lineText(l, s.role)}`), '']),
    ...(more ? [more, ''] : []),
    ...asks,
    '',
  ].join('\n');
  const html =
    `<p>${esc(intro)}</p>` +
    sections.map((s) => `<h3>${esc(s.heading)}</h3><ol>${s.lines.map((l) => lineHtml(l, s.role)).join('')}</ol>`).join('') +
    (more ? `<p>${esc(more)}</p>` : '') +
    asks.map((a) => `<p>${esc(a)}</p>`).join('');
  const markdown = [
    `### ${subject}`,
    intro,
    ...sections.flatMap((s) => [`**${s.heading}**`, ...s.lines.map((l) => lineMarkdown(l, s.role))]),
    ...(more ? [more] : []),
    ...asks,
  ].join('\n\n');

  const first = input.lines[0];
  const url = input.lines.length === 1 || own.length ? (own[0] ?? first).url : input.boardUrl;
  const cardLines = input.lines
    .slice(0, 3)
    .map((l) => `${short(l.title, 14)}（${l.label}）${standing(l)}${l.role === 'owner' ? '' : `，${l.ownerName ?? '未指定'}`}`);
  const description = truncateBytes(
    `<div class="gray">${esc(formatDay(first.dueDay))} 截止</div>` +
      cardLines.map((c) => `<div class="normal">${esc(c)}</div>`).join('') +
      (total > cardLines.length ? `<div class="normal">共 ${total} 项</div>` : '') +
      // What is missing, when the card is about that one task (an owner's first, or a head's only one).
      ((first.role === 'owner' || input.lines.length === 1) && first.missingEvidence.length ? `<div class="highlight">${esc(missing(first))}</div>` : ''),
    512,
  );
  return { subject, text, html, markdown, card: { title: truncateBytes(subject, 128), description, markdown, url, button: BUTTON } };
}

/** The presidium's daily alert: newly overdue and escalated tasks, each with owner, unit, days overdue and missing evidence; links to the board. */
export function renderPresidiumAlert(input: AlertInput): Rendered {
  const nOver = input.totals?.newlyOverdue ?? input.newlyOverdue.length;
  const nEsc = input.totals?.escalated ?? input.escalated.length;
  const subject = `【督查日报】${input.day}：新增逾期 ${nOver} 项，升级督办 ${nEsc} 项`;
  const sections: Array<[string, TaskLine[], number]> = (
    [
      ['新增逾期', input.newlyOverdue, nOver],
      ['升级督办（主席团）', input.escalated, nEsc],
    ] as Array<[string, TaskLine[], number]>
  ).filter(([, ls]) => ls.length);
  const cutNote = (shown: number, total: number): string | null => (total > shown ? `（以上为前 ${shown} 项，共 ${total} 项）` : null);
  const intro = `${input.name}，您好：以下是 ${formatDay(input.day)} 的督查日报。`;
  const board = `督查看板：${input.boardUrl}`;
  let n = 0;
  const text = [
    intro,
    '',
    ...sections.flatMap(([h, ls, total]) => [
      `${h}：`,
      ...ls.map((l) => `${++n}. ${lineText(l, 'presidium')}`),
      ...[cutNote(ls.length, total)].filter(Boolean),
      '',
    ]),
    board,
    '',
  ].join('\n');
  const th = ['事项', '责任人', '责任单位', '截止日', '逾期天数', '尚缺佐证'].map((h) => `<th>${h}</th>`).join('');
  const table = (ls: TaskLine[]) =>
    `<table border="1" cellpadding="4" cellspacing="0"><tr>${th}</tr>${ls
      .map(
        (l) =>
          `<tr><td><a href="${esc(l.url)}">${esc(`${l.title}（${l.label}）`)}</a></td><td>${esc(l.ownerName ?? '未指定')}</td><td>${esc(l.unitName ?? '未指定')}</td><td>${esc(formatDay(l.dueDay))}</td><td>${l.daysOverdue}</td><td>${esc(l.missingEvidence.join('、') || '无')}</td></tr>`,
      )
      .join('')}</table>`;
  const html =
    `<p>${esc(intro)}</p>` +
    sections.map(([h, ls, total]) => `<h3>${esc(h)}</h3>${table(ls)}${total > ls.length ? `<p>${esc(cutNote(ls.length, total)!)}</p>` : ''}`).join('') +
    `<p><a href="${esc(input.boardUrl)}">打开督查看板</a></p>`;
  const markdown = [
    `### ${subject}`,
    ...sections.flatMap(([h, ls, total]) => [
      `**${h}**`,
      ...ls.map((l) => lineMarkdown(l, 'presidium')),
      ...[cutNote(ls.length, total)].filter((s): s is string => !!s),
    ]),
    `[打开督查看板](${input.boardUrl})`,
  ].join('\n\n');
  const all = [...input.escalated, ...input.newlyOverdue];
  const description = truncateBytes(
    `<div class="gray">${esc(formatDay(input.day))}</div>` +
      all
        .slice(0, 3)
        .map(
          (l) => `<div class="normal">${esc(`${short(l.title, 14)}｜${l.ownerName ?? '未指定'}（${l.unitName ?? '未指定单位'}）逾期${l.daysOverdue}天`)}</div>`,
        )
        .join('') +
      (nOver + nEsc > 3 ? `<div class="highlight">新增逾期 ${nOver} 项，升级督办 ${nEsc} 项</div>` : ''),
    512,
  );
  return { subject, text, html, markdown, card: { title: truncateBytes(subject, 128), description, markdown, url: input.boardUrl, button: BUTTON } };
}
