/** The 通报 as an HTML email body: inline styles only (mail clients drop <style>), every datum escaped. */
import { ATTACHMENT_HEADER, attachmentRows, ownerTable, sections, unitTable } from './tables.js';
import type { QuarterlyReport } from './types.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESC[ch]);
}

const CELL = 'border:1px solid #999;padding:2px 6px;';
const BODY = "font-family:FangSong,'仿宋_GB2312','仿宋',serif;font-size:16px;line-height:1.8;";
const HEAD = "font-family:SimHei,'黑体',sans-serif;font-size:17px;margin:16px 0 4px;";

function table(header: string[], rows: string[][], foot?: string[]): string {
  const tr = (cells: string[], tag: 'th' | 'td') => `<tr>${cells.map((c) => `<${tag} style="${CELL}">${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return (
    `<table style="border-collapse:collapse;font-size:13px;margin:4px 0 12px;">` +
    `<thead style="background:#eee;">${tr(header, 'th')}</thead><tbody>${rows.map((r) => tr(r, 'td')).join('')}` +
    (foot ? tr(foot, 'td') : '') +
    `</tbody></table>`
  );
}

/** Rows of the email's 附件 table; the complete ledger travels as the XLSX attachment. */
export const HTML_ATTACHMENT_LIMIT = 100;

export function renderHtml(r: QuarterlyReport): string {
  const p = (s: string) => `<p style="text-indent:2em;margin:4px 0;">${escapeHtml(s)}</p>`;
  const out: string[] = [];
  out.push(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(r.title)}</title></head><body style="${BODY}">`);
  out.push(`<h1 style="font-family:'方正小标宋简体',SimSun,'宋体',serif;font-size:24px;text-align:center;font-weight:normal;">${escapeHtml(r.title)}</h1>`);
  out.push(`<p style="text-align:center;margin:0;">${escapeHtml(`${r.year}年第${r.issueNo}期`)}</p>`);
  out.push(`<p style="text-align:center;margin:0 0 12px;">${escapeHtml(r.office)}　　${escapeHtml(r.dateText)}</p>`);
  out.push(p(r.text.opening));
  for (const s of sections(r)) {
    out.push(`<h2 style="${HEAD}">${escapeHtml(s.heading)}</h2>`);
    out.push(...s.paragraphs.map(p));
    if (s.heading.startsWith('二') && r.totals.total > 0) {
      const u = unitTable(r);
      out.push(`<p style="margin:4px 0;">表1　各责任单位完成情况</p>`, table(u.header, u.rows, u.total));
      const o = ownerTable(r);
      out.push(`<p style="margin:4px 0;">表2　各责任人完成情况</p>`, table(o.header, o.rows));
    }
  }
  const a = attachmentRows(r, HTML_ATTACHMENT_LIMIT);
  out.push(`<h2 style="${HEAD}">附件　落实情况表</h2>`);
  if (a.unfinished === 0) out.push(p('本期督查的工作任务均已完成、提交或取消，无未完成事项。'));
  else {
    out.push(
      p(
        a.unfinished > a.rows.length
          ? `未完成事项共${a.unfinished}项，以下列出前${a.rows.length}项，全部任务见台账（XLSX）。`
          : `未完成事项共${a.unfinished}项。`,
      ),
    );
    out.push(table(ATTACHMENT_HEADER, a.rows));
  }
  out.push('</body></html>');
  return out.join('\n');
}
