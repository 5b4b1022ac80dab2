import type { EvidenceRequirement } from '../plans/plan-item.entity.js';

export interface RequirementStatus {
  kind: string;
  min: number;
  count: number;
  met: boolean;
}

/** The evidence kind a file's content implies when the uploader gave none: a photo is a 照片, a video a 视频; other files say nothing. */
export function kindFromContent(mime: string): string | null {
  if (mime.startsWith('image/')) return '照片';
  if (mime.startsWith('video/')) return '视频';
  return null;
}

/**
 * Why a file given without a kind and of no kind its content implies (a PDF, a document) is refused:
 * unclassified it would count toward none of the item's requirements. Names what the item expects.
 */
export function kindRequiredReason(requirements: Pick<EvidenceRequirement, 'kind'>[]): string {
  const kinds = [...new Set(requirements.map((r) => r.kind.trim()).filter(Boolean))];
  return kinds.length
    ? `无法从文件内容判断材料类别，请注明 kind（本事项要求：${kinds.join('、')}）`
    : '无法从文件内容判断材料类别，请注明 kind（如：会议记录、其他材料）';
}

/** Which of an item's expected evidence (kind × minimum count) the attached evidence covers. */
export function requirementStatus(requirements: EvidenceRequirement[], attached: Array<{ kind: string | null }>): RequirementStatus[] {
  const counts = new Map<string, number>();
  for (const e of attached) if (e.kind) counts.set(e.kind.trim(), (counts.get(e.kind.trim()) ?? 0) + 1);
  return requirements.map((r) => {
    const count = counts.get(r.kind.trim()) ?? 0;
    return { kind: r.kind, min: r.min, count, met: count >= r.min };
  });
}
