/**
 * The 通报 as DOCX, laid out like an official document (GB/T 9704): A4, margins 37/35/28/26 mm,
 * title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 (16 pt) with a fixed 28 pt line, headings
 * in 黑体, page numbers "— n —". Chinese font names go in the eastAsia attribute (Word picks the
 * font per script); machines without the GB fonts fall back to 宋体/仿宋 by Word's own mapping.
 *
 * 附件 落实情况表 holds the per-unit summary and the unfinished tasks (at most ATTACHMENT_LIMIT
 * rows, overdue first); the full one-row-per-task ledger is the XLSX 台账.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IFontAttributesProperties,
} from 'docx';
import { attachmentRows, ATTACHMENT_HEADER, ATTACHMENT_LIMIT, ownerTable, sections, unitTable } from './tables.js';
import type { QuarterlyReport } from './types.js';

const mm = (x: number) => Math.round((x / 25.4) * 1440);
const font = (eastAsia: string): IFontAttributesProperties => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia });
export const DOCX_FONTS = { title: '方正小标宋简体', body: '仿宋_GB2312', heading: '黑体', table: '仿宋_GB2312' } as const;
const BODY_SIZE = 32; // half-points: 三号 16 pt
const TABLE_SIZE = 21; // 五号 10.5 pt
const LINE = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt

function body(text: string): Paragraph {
  return new Paragraph({
    indent: { firstLine: 640 },
    spacing: LINE,
    alignment: AlignmentType.JUSTIFIED,
    children: [new TextRun({ text, font: font(DOCX_FONTS.body), size: BODY_SIZE })],
  });
}
function heading(text: string): Paragraph {
  return new Paragraph({ indent: { firstLine: 640 }, spacing: LINE, children: [new TextRun({ text, font: font(DOCX_FONTS.heading), size: BODY_SIZE })] });
}
function centered(text: string, eastAsia: string, size: number, spacing = LINE): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing, children: [new TextRun({ text, font: font(eastAsia), size })] });
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER };

function cell(text: string, head: boolean): TableCell {
  return new TableCell({
    shading: head ? { fill: 'E7E6E6' } : undefined,
    children: [
      new Paragraph({
        alignment: head ? AlignmentType.CENTER : AlignmentType.LEFT,
        children: [new TextRun({ text, font: font(head ? DOCX_FONTS.heading : DOCX_FONTS.table), size: TABLE_SIZE })],
      }),
    ],
  });
}

/** A bordered table with a shaded header row repeated on every page. */
export function docxTable(header: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c) => cell(c, false)) })),
    ],
  });
}

function caption(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 120, after: 60 },
    children: [new TextRun({ text, font: font(DOCX_FONTS.heading), size: 24 })],
  });
}

export const DOCX_PAGE = {
  size: { width: 11906, height: 16838 },
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
};

export async function renderDocx(r: QuarterlyReport): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [];
  children.push(centered(r.title, DOCX_FONTS.title, 44, { line: 700, lineRule: LineRuleType.EXACT }));
  children.push(centered(`${r.year}年第${r.issueNo}期`, DOCX_FONTS.body, BODY_SIZE));
  children.push(centered(`${r.office}　　　　${r.dateText}`, DOCX_FONTS.body, BODY_SIZE));
  children.push(body(r.text.opening));
  for (const s of sections(r)) {
    children.push(heading(s.heading));
    children.push(...s.paragraphs.map(body));
    if (s.heading.startsWith('二') && r.totals.total > 0) {
      const u = unitTable(r);
      children.push(caption('表1　各责任单位完成情况'), docxTable(u.header, [...u.rows, u.total]));
      const o = ownerTable(r);
      children.push(caption('表2　各责任人完成情况'), docxTable(o.header, o.rows));
    }
  }
  // 附件 on its own page.
  const a = attachmentRows(r, ATTACHMENT_LIMIT);
  children.push(
    new Paragraph({ pageBreakBefore: true, spacing: LINE, children: [new TextRun({ text: '附件', font: font(DOCX_FONTS.heading), size: BODY_SIZE })] }),
  );
  children.push(centered('落实情况表', DOCX_FONTS.title, 36));
  const u = unitTable(r);
  children.push(caption('一、各责任单位落实情况'), docxTable(u.header, [...u.rows, u.total]));
  children.push(caption('二、未完成事项'));
  if (a.unfinished === 0) children.push(body('本期督查的工作任务均已完成、提交或取消，无未完成事项。'));
  else {
    if (a.unfinished > a.rows.length) children.push(body(`未完成事项共${a.unfinished}项，本表列出逾期时间最长的${a.rows.length}项，全部任务见台账（XLSX）。`));
    children.push(docxTable(ATTACHMENT_HEADER, a.rows));
  }

  const doc = new Document({
    creator: r.office,
    title: r.title,
    styles: { default: { document: { run: { font: font(DOCX_FONTS.body), size: BODY_SIZE } } } },
    sections: [
      {
        properties: { page: DOCX_PAGE },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('宋体'), size: 28 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
