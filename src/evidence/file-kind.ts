import { fileTypeFromFile } from 'file-type';
import path from 'node:path';

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

/** The file's type from its bytes, or null when it is not an accepted evidence type. */
export async function detectEvidenceType(file: string, originalName: string): Promise<DetectedType | null> {
  const found = await fileTypeFromFile(file);
  if (!found) return null;
  if (found.mime === 'application/x-cfb') {
    const ext = path.extname(originalName).toLowerCase();
    const mime = OLE_BY_EXT[ext];
    return mime ? { mime, ext: ext.slice(1) } : { mime: 'application/msword', ext: 'doc' };
  }
  const ext = ALLOWED[found.mime];
  return ext ? { mime: found.mime, ext } : null;
}

export const ACCEPTED_DESCRIPTION = '照片（JPG/PNG/HEIC 等）、PDF、Word/Excel/PowerPoint 文档（含 doc/xls）或视频';

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
   
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, reason: '文件名不能包含控制字符' };
  const cleaned = name.replace(/[<>:"|?*]/g, '_').replace(/^\.+/, '_');
  if (cleaned.length <= 200) return { ok: true, name: cleaned };
  const ext = path.extname(cleaned).slice(0, 16);
  return { ok: true, name: cleaned.slice(0, 200 - ext.length) + ext };
}

/** Content-Disposition with an ASCII fallback and the real name per RFC 5987/6266. */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
