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

/** Which of an item's expected evidence (kind × minimum count) the attached evidence covers. */
export function requirementStatus(requirements: EvidenceRequirement[], attached: Array<{ kind: string | null }>): RequirementStatus[] {
  const counts = new Map<string, number>();
  for (const e of attached) if (e.kind) counts.set(e.kind.trim(), (counts.get(e.kind.trim()) ?? 0) + 1);
  return requirements.map((r) => {
    const count = counts.get(r.kind.trim()) ?? 0;
    return { kind: r.kind, min: r.min, count, met: count >= r.min };
  });
}
