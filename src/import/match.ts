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

/** The level a unit name starts with ("镇党委办" and "党委办公室" are the same office of the town). */
const LEVEL = /^(省|市|县|区|镇|乡|街道|村|社区)/;

/**
 * A short form of the name: its characters in order, the first and the last the same ("安监站" for
 * "安全生产监督管理站", "党委办" for "党委办公室", "人大办" for "人大办公室").
 */
export function isShortForm(short: string, full: string): boolean {
  const s = short.replace(LEVEL, '');
  const f = full.replace(LEVEL, '');
  if (s.length < 2 || s.length >= f.length || s[0] !== f[0]) return false;
  let i = 0;
  for (const ch of f) if (ch === s[i]) i++;
  if (i < s.length) return false;
  // the last character names the kind of unit (站, 办, 局, 所…): it must be the name's, or 办 for 办公室
  const lastS = s[s.length - 1];
  return lastS === f[f.length - 1] || (lastS === '办' && /办公室$/.test(f));
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
      let score = contains ? 0.9 * (Math.min(n.length, w.length) / Math.max(n.length, w.length)) + 0.05 : common / Math.max(n.length, w.length);
      if (isShortForm(w, n)) score = Math.max(score, 0.8);
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

/**
 * The id to assign with a note for the reviewer: a certain match, or the only candidate when it is a
 * short form or a close partial match (score ≥ 0.75). null when unsure: the candidates are kept.
 */
export function likelyMatch(candidates: Candidate[]): { id: number; certain: boolean } | null {
  const certain = certainMatch(candidates);
  if (certain !== null) return { id: certain, certain: true };
  if (candidates.length === 1 && candidates[0].score >= 0.75) return { id: candidates[0].id, certain: false };
  if (candidates.length > 1 && candidates[0].score >= 0.75 && candidates[1].score < candidates[0].score - 0.2) return { id: candidates[0].id, certain: false };
  return null;
}
