/**
 * Matching the names a plan or ledger writes (责任人 "张三", 责任单位 "镇人大主席团") against the
 * org's people and units. Pure: ranks candidates, the admin confirms.
 */
export interface Named {
  id: number;
  name: string;
}

export interface Candidate {
  id: number;
  name: string;
  /** 1 = same name; lower = partial match. */
  score: number;
}

function normalise(s: string): string {
  return s.replace(/[\s·•.,，。、()（）]/g, '').replace(/^(本|我|全)/, '');
}

/** Shared characters in order (LCS length) — enough to rank short Chinese names. */
function lcs(a: string, b: string): number {
  const dp = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let prev = 0;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = a[i - 1] === b[j - 1] ? prev + 1 : Math.max(dp[j], dp[j - 1]);
      prev = tmp;
    }
  }
  return dp[b.length];
}

/** Candidates for a written name, best first; an exact match alone when there is one. */
export function rankByName<T extends Named>(written: string | null | undefined, pool: T[], limit = 3): Candidate[] {
  if (!written) return [];
  const w = normalise(written);
  if (!w) return [];
  const exact = pool.filter((p) => normalise(p.name) === w);
  if (exact.length) return exact.map((p) => ({ id: p.id, name: p.name, score: 1 }));
  return pool
    .map((p) => {
      const n = normalise(p.name);
      const contains = n.includes(w) || w.includes(n);
      const common = lcs(w, n);
      const score = contains ? 0.9 * (Math.min(n.length, w.length) / Math.max(n.length, w.length)) + 0.05 : common / Math.max(n.length, w.length);
      return { id: p.id, name: p.name, score: Math.round(score * 100) / 100 };
    })
    .filter((c) => c.score >= 0.5)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, limit);
}

/** The id to assign without asking: only an exact match that is unique. */
export function certainMatch(candidates: Candidate[]): number | null {
  return candidates.length === 1 && candidates[0].score === 1 ? candidates[0].id : null;
}
