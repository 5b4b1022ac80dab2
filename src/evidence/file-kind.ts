import { fileTypeFromFile } from 'file-type';
import path from 'node:path';
import yauzl from 'yauzl';

/** Types accepted as evidence, judged by content: photos (incl. HEIC from phones), PDF, Office documents, video. */
const ALLOWED: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/heic-sequence': 'heic',
  'image/heif-sequence': 'heif',
  'image/tiff': 'tif',
  'image/bmp': 'bmp',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
};

/** Legacy Office (doc/xls/ppt) is an OLE compound file; the name tells which, the header that it is one. */
const OLE_BY_EXT: Record<string, string> = { '.doc': 'application/msword', '.xls': 'application/vnd.ms-excel', '.ppt': 'application/vnd.ms-powerpoint' };

export interface DetectedType {
  mime: string;
  ext: string;
}

/**
 * The parts an Office Open XML package of each format must hold. file-type names a zip "docx" from
 * its [Content_Types].xml alone, so a zip carrying only that file and an .exe would pass as a document.
 */
export const OFFICE_PARTS: Record<string, string[]> = {
  docx: ['[Content_Types].xml', 'word/document.xml'],
  xlsx: ['[Content_Types].xml', 'xl/workbook.xml'],
  pptx: ['[Content_Types].xml', 'ppt/presentation.xml'],
};

/** Entries no document needs and that a recipient could be tricked into running. */
const EXECUTABLE_ENTRY = /\.(exe|dll|scr|com|bat|cmd|msi|ps1|vbs|vbe|js|jse|wsf|hta|lnk|jar|sh)$/i;
const MAX_OFFICE_ENTRIES = 10_000;

/** Why an Office container does not hold what its format needs (missing part, executable inside), or null. */
export function officePartsProblem(ext: string, entryNames: string[]): string | null {
  const needed = OFFICE_PARTS[ext];
  if (!needed) return null;
  if (entryNames.length > MAX_OFFICE_ENTRIES) return `文件内条目过多（超过 ${MAX_OFFICE_ENTRIES} 个）`;
  const names = new Set(entryNames);
  const missing = needed.filter((p) => !names.has(p));
  if (missing.length) return `不是有效的 ${ext} 文件：缺少 ${missing.join('、')}`;
  const runnable = entryNames.find((n) => EXECUTABLE_ENTRY.test(n));
  if (runnable) return `${ext} 文件内含可执行文件（${runnable}），不予接收`;
  return null;
}

/** The entry names of a zip file, from its central directory (yauzl also refuses absolute and ../ names). */
export async function zipEntryNames(file: string): Promise<string[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: true, strictFileNames: false });
  return new Promise((resolve, reject) => {
    const names: string[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      names.push(entry.fileName);
      if (names.length > MAX_OFFICE_ENTRIES) {
        zip.close();
        resolve(names);
      } else zip.readEntry();
    });
    zip.on('end', () => resolve(names));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** The file's type from its bytes, or null when it is not an accepted evidence type. */
export async function detectEvidenceType(file: string, originalName: string): Promise<DetectedType | null> {
  return (await judgeEvidenceType(file, originalName)).type;
}

/** The type, or why the file is refused (null reason: not an accepted kind at all). */
export async function judgeEvidenceType(file: string, originalName: string): Promise<{ type: DetectedType | null; reason: string | null }> {
  const found = await fileTypeFromFile(file);
  if (!found) return { type: null, reason: null };
  if (found.mime === 'application/x-cfb') {
    const ext = path.extname(originalName).toLowerCase();
    const mime = OLE_BY_EXT[ext];
    return { type: mime ? { mime, ext: ext.slice(1) } : { mime: 'application/msword', ext: 'doc' }, reason: null };
  }
  const ext = ALLOWED[found.mime];
  if (!ext) return { type: null, reason: null };
  if (OFFICE_PARTS[ext]) {
    const names = await zipEntryNames(file).catch(() => null);
    const problem = names ? officePartsProblem(ext, names) : `不是有效的 ${ext} 文件：压缩包结构损坏`;
    if (problem) return { type: null, reason: problem };
  }
  return { type: { mime: found.mime, ext }, reason: null };
}

export const ACCEPTED_DESCRIPTION = '照片（JPG/PNG/HEIC 等）、PDF、Word/Excel/PowerPoint 文档（含 doc/xls）或视频';

/** Unicode bidirectional formatting characters: LRM/RLM, ALM, LRE…RLO (U+202A–E), LRI…PDI (U+2066–9). */
const BIDI_CONTROLS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;

/**
 * The original name as it will be shown and offered on download: a bare file name. Names that
 * try to climb directories (../, absolute paths, backslashes) or carry control characters are
 * refused rather than silently rewritten; the rest is NFC-normalised and shortened.
 */
export function sanitiseFileName(raw: string): { ok: true; name: string } | { ok: false; reason: string } {
  const name = (raw ?? '').normalize('NFC').trim();
  if (!name) return { ok: false, reason: '文件名不能为空' };
  if (/[\\/]/.test(name) || name.split(/[\\/]/).includes('..') || name === '.' || name === '..')
    return { ok: false, reason: '文件名不能包含路径（/ 或 \\ 或 ..）' };

  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name)) return { ok: false, reason: '文件名不能包含控制字符' };
  // Bidi controls make "invoice\u202Egpj.exe" display as "invoiceexe.jpg": refused, not stripped.
  if (BIDI_CONTROLS.test(name)) return { ok: false, reason: '文件名不能包含文字方向控制字符（如 U+202E）' };
  const cleaned = name.replace(/[<>:"|?*]/g, '_').replace(/^\.+/, '_');
  if (cleaned.length <= 200) return { ok: true, name: cleaned };
  const ext = path.extname(cleaned).slice(0, 16);
  return { ok: true, name: cleaned.slice(0, 200 - ext.length) + ext };
}

/** Content-Disposition with an ASCII fallback and the real name per RFC 5987/6266. */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  // Only printable ASCII in the quoted fallback: CR/LF and every other control become "_", so a
  // stored name (even one from before names were checked) can never split the header.
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
