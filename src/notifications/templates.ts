/**
 * Message texts (Chinese), pure: data in, subject/text/html/markdown out. Channels choose the form.
 */

export interface DigestLine {
  taskId: number;
  title: string;
  label: string;
  dueDay: string;
  stage: string;
  daysOverdue: number;
  unitName: string | null;
  ownerName: string | null;
}

export interface AlertLine extends DigestLine {
  level: number;
  /** Expected evidence kinds not yet provided (see missingEvidence seam in the delivery service). */
  missingEvidence: string[];
}

export interface Rendered {
  subject: string;
  text: string;
  html: string;
  markdown: string;
}

const STAGE_TEXT: Record<string, string> = {
  'window-open': '已进入办理期',
  overdue: '已逾期，请尽快办理',
  'escalate-1': '已逾期，已告知责任单位负责人',
  'escalate-2': '已逾期，已报主席团督办',
};

export function stageText(stage: string): string {
  if (STAGE_TEXT[stage]) return STAGE_TEXT[stage];
  const before = /^before-(\d+)$/.exec(stage);
  if (before) return `还有 ${before[1]} 个工作日到期`;
  if (stage.startsWith('escalate-2-w')) return '逾期仍未办结，主席团继续督办';
  return stage;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function lineText(l: DigestLine): string {
  const late = l.daysOverdue > 0 ? `，逾期 ${l.daysOverdue} 天` : '';
  return `${l.title}（${l.label}）— 截止 ${l.dueDay}，${stageText(l.stage)}${late}`;
}

/** The board's address under the public URL, where a cut list is seen in full. */
export function boardUrl(link: string | null): string | null {
  return link ? `${link.replace(/\/+$/, '')}/board` : null;
}

/** The line after a cut list: how many there are in all and where to see them; null when nothing was cut. */
export function moreLine(shown: number, total: number | undefined, link: string | null): string | null {
  if (total === undefined || total <= shown) return null;
  const board = boardUrl(link);
  return `…等共 ${total} 项，详见督查看板${board ? ` ${board}` : ''}`;
}

function moreHtml(more: string | null, link: string | null): string {
  if (!more) return '';
  const board = boardUrl(link);
  return board ? `<p>${esc(more.slice(0, more.lastIndexOf(' ')))} <a href="${esc(board)}">${esc(board)}</a></p>` : `<p>${esc(more)}</p>`;
}

function footer(link: string | null): { text: string; html: string } {
  return link ? { text: `\n办理入口：${link}\n`, html: `<p><a href="${esc(link)}">进入督查系统办理</a></p>` } : { text: '', html: '' };
}

/**
 * A person's digest of one run: everything of theirs that is due or overdue, in one message. When the
 * caller cut the list (`total` above the lines given), the subject states the total and a last line
 * says where the rest is.
 */
export function renderDigest(name: string, lines: DigestLine[], opts: { catchUp: boolean; link: string | null; total?: number }): Rendered {
  const overdue = lines.filter((l) => l.daysOverdue > 0);
  const upcoming = lines.filter((l) => l.daysOverdue === 0);
  const more = moreLine(lines.length, opts.total, opts.link);
  const subject = more
    ? `【督查提醒】您有 ${opts.total} 项工作需要办理${overdue.length ? '，含逾期事项' : ''}`
    : overdue.length
      ? `【督查提醒】您有 ${overdue.length} 项工作已逾期${upcoming.length ? `、${upcoming.length} 项即将到期` : ''}`
      : `【督查提醒】您有 ${upcoming.length} 项工作需要办理`;
  const intro = `${name}，您好：${opts.catchUp ? '（系统恢复后补发，期间的提醒已合并在此）' : ''}`;
  const sections: Array<[string, DigestLine[]]> = [
    ['已逾期', overdue],
    ['即将到期 / 办理中', upcoming],
  ];
  const f = footer(opts.link);
  const text = [
    intro,
    '',
    ...sections.filter(([, ls]) => ls.length).flatMap(([h, ls]) => [`${h}：`, ...ls.map((l, i) => `${i + 1}. ${lineText(l)}`), '']),
    ...(more ? [more, ''] : []),
    '完成后请上传佐证材料并提交审核。',
    f.text,
  ].join('\n');
  const html =
    `<p>${esc(intro)}</p>` +
    sections
      .filter(([, ls]) => ls.length)
      .map(([h, ls]) => `<h3>${esc(h)}</h3><ol>${ls.map((l) => `<li>${esc(lineText(l))}</li>`).join('')}</ol>`)
      .join('') +
    moreHtml(more, opts.link) +
    `<p>完成后请上传佐证材料并提交审核。</p>${f.html}`;
  const markdown = [
    `### ${subject}`,
    intro,
    ...sections.filter(([, ls]) => ls.length).flatMap(([h, ls]) => [`**${h}**`, ...ls.map((l) => `> ${lineText(l)}`)]),
    more ?? '',
    opts.link ? `[进入督查系统办理](${opts.link})` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return { subject, text, html, markdown };
}

/**
 * The presidium's daily alert: newly overdue and escalated tasks, with owner, unit, days overdue,
 * missing evidence. When the caller cut the lists, `totals` gives their full lengths: the subject
 * counts them and each cut list ends with the total and the board's link.
 */
export function renderPresidiumAlert(
  name: string,
  day: string,
  newlyOverdue: AlertLine[],
  escalated: AlertLine[],
  link: string | null,
  totals?: { newlyOverdue: number; escalated: number },
): Rendered {
  const nOver = Math.max(totals?.newlyOverdue ?? 0, newlyOverdue.length);
  const nEsc = Math.max(totals?.escalated ?? 0, escalated.length);
  const subject = `【督查日报】${day}：新增逾期 ${nOver} 项，升级督办 ${nEsc} 项`;
  const row = (l: AlertLine) =>
    `${l.title}（${l.label}）｜责任人：${l.ownerName ?? '未指定'}｜责任单位：${l.unitName ?? '未指定'}｜逾期 ${l.daysOverdue} 天｜缺少佐证：${l.missingEvidence.length ? l.missingEvidence.join('、') : '无'}`;
  const sections: Array<[string, AlertLine[], string | null]> = [
    ['新增逾期', newlyOverdue, moreLine(newlyOverdue.length, nOver, link)],
    ['升级督办（主席团）', escalated, moreLine(escalated.length, nEsc, link)],
  ];
  const f = footer(link);
  const text = [
    `${name}，您好：`,
    `以下是 ${day} 的督查日报。`,
    '',
    ...sections.filter(([, ls]) => ls.length).flatMap(([h, ls, more]) => [`${h}：`, ...ls.map((l, i) => `${i + 1}. ${row(l)}`), ...(more ? [more] : []), '']),
    f.text,
  ].join('\n');
  const th = ['事项', '责任人', '责任单位', '逾期天数', '缺少佐证'].map((h) => `<th>${h}</th>`).join('');
  const table = (ls: AlertLine[]) =>
    `<table border="1" cellpadding="4" cellspacing="0"><tr>${th}</tr>${ls
      .map(
        (l) =>
          `<tr><td>${esc(`${l.title}（${l.label}）`)}</td><td>${esc(l.ownerName ?? '未指定')}</td><td>${esc(l.unitName ?? '未指定')}</td><td>${l.daysOverdue}</td><td>${esc(l.missingEvidence.join('、') || '无')}</td></tr>`,
      )
      .join('')}</table>`;
  const html =
    `<p>${esc(name)}，您好：以下是 ${day} 的督查日报。</p>` +
    sections
      .filter(([, ls]) => ls.length)
      .map(([h, ls, more]) => `<h3>${esc(h)}</h3>${table(ls)}${moreHtml(more, link)}`)
      .join('') +
    f.html;
  const markdown = [
    `### ${subject}`,
    ...sections.filter(([, ls]) => ls.length).flatMap(([h, ls, more]) => [`**${h}**`, ...ls.map((l) => `> ${row(l)}`), ...(more ? [more] : [])]),
  ].join('\n');
  return { subject, text, html, markdown };
}
