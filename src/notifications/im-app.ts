/**
 * What the 企业微信 and 钉钉 application clients share: an access-token cache, a per-member rate
 * limiter and their error kinds. Plain classes with time passed in (ducha's Clock), no Nest.
 */

/** Retrying will not help (bad credentials, unknown user): the message fails at once. */
export class ImPermanentError extends Error {}

/** The platform's limit (or ours, which mirrors it) says wait: retry after `retryAfterMs`. */
export class ImRateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

export interface FetchedToken {
  token: string;
  /** Lifetime the platform gave, in seconds (both say 7200). */
  expiresInSec: number;
}

/**
 * One access token per app credentials, fetched once and reused until shortly before it expires.
 * Both platforms limit how often a token may be fetched and ask callers to cache it; concurrent
 * callers share one fetch in flight. A token the platform rejects early is dropped with `invalidate`.
 */
export class AccessTokenCache {
  private current: { token: string; expiresAt: number } | null = null;
  private inFlight: Promise<string> | null = null;
  /** Fetches made so far (for tests and logs). */
  fetches = 0;

  constructor(
    private readonly fetchToken: () => Promise<FetchedToken>,
    private readonly now: () => number,
    /** Renew this long before the stated expiry, so a token never expires mid-request. */
    private readonly marginMs = 5 * 60_000,
  ) {}

  async get(): Promise<string> {
    if (this.current && this.now() < this.current.expiresAt) return this.current.token;
    this.inFlight ??= (async () => {
      try {
        this.fetches++;
        const t = await this.fetchToken();
        this.current = { token: t.token, expiresAt: this.now() + Math.max(60_000, t.expiresInSec * 1000 - this.marginMs) };
        return t.token;
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }

  /** Forget `token` if it is still the cached one (another caller may have renewed it already). */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }
}

export interface RateLimit {
  max: number;
  windowMs: number;
}

/**
 * Sliding-window limits per key (a member): `take` records a send if every window has room, else
 * says how long until the oldest send in the full window leaves it. In-process: with several worker
 * processes each keeps its own count (see README).
 */
export class MemberRateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly limits: RateLimit[],
    private readonly now: () => number,
  ) {}

  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    const longest = Math.max(...this.limits.map((l) => l.windowMs));
    const times = (this.sent.get(key) ?? []).filter((t) => t > now - longest);
    let wait = 0;
    for (const l of this.limits) {
      const inWindow = times.filter((t) => t > now - l.windowMs);
      if (inWindow.length >= l.max) wait = Math.max(wait, inWindow[inWindow.length - l.max] + l.windowMs - now);
    }
    if (wait > 0) {
      this.sent.set(key, times);
      return { ok: false, retryAfterMs: wait };
    }
    times.push(now);
    this.sent.set(key, times);
    return { ok: true };
  }
}

/** GET/POST JSON with a timeout; both platforms answer HTTP 200 with `{errcode, errmsg}`. */
export async function requestJson<T>(url: string, init: { method: 'GET' | 'POST'; body?: unknown; timeoutMs: number }): Promise<T> {
  const res = await fetch(url, {
    method: init.method,
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`不是 JSON 应答：${text.slice(0, 200)}`);
  }
}
