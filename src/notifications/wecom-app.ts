/**
 * 企业微信 application messages (应用消息) to one member: a `textcard` with the task link and a
 * "去办理" button. The parts of the API used:
 *   GET  {base}/cgi-bin/gettoken?corpid=&corpsecret=          → {errcode, access_token, expires_in}
 *   POST {base}/cgi-bin/message/send?access_token=            {touser, msgtype: 'textcard', agentid, textcard}
 * Limits from the docs: the token lives 7200 s and must be cached (gettoken is itself rate limited);
 * an app may send one member at most 30 messages a minute and 1000 an hour; textcard title ≤ 128
 * bytes, description ≤ 512 bytes, btntxt ≤ 4 characters.
 */
import { AccessTokenCache, ImPermanentError, ImRateLimitedError, MemberRateLimiter, requestJson, type RateLimit } from './im-app.js';
import type { Card } from './templates.js';

export interface WecomAppCredentials {
  corpId: string;
  agentId: number;
  secret: string;
}

export const WECOM_MEMBER_LIMITS: RateLimit[] = [
  { max: 30, windowMs: 60_000 },
  { max: 1000, windowMs: 3600_000 },
];

/** Token no longer valid (invalid / expired / missing): fetch a new one and try once more. */
const TOKEN_ERRORS = new Set([40014, 42001, 41001]);
/** Credentials or recipient wrong: retrying will not fix it. 40001 bad secret, 40013 bad corpid, 40056 bad agentid, 60020 IP not allowed, 81013 user unknown, 40003 bad userid. */
const PERMANENT = new Set([40001, 40013, 40056, 60020, 81013, 40003, 301002]);
/** API frequency limits. */
const RATE = new Set([45009, 45033, 45047]);

interface WecomAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  invaliduser?: string;
  msgid?: string;
}

export class WecomAppClient {
  readonly tokens: AccessTokenCache;
  private readonly limiter: MemberRateLimiter;

  constructor(
    private readonly creds: WecomAppCredentials,
    private readonly opts: { baseUrl: string; timeoutMs: number; now: () => number },
  ) {
    this.tokens = new AccessTokenCache(() => this.fetchToken(), opts.now);
    this.limiter = new MemberRateLimiter(WECOM_MEMBER_LIMITS, opts.now);
  }

  private async fetchToken(): Promise<{ token: string; expiresInSec: number }> {
    const q = new URLSearchParams({ corpid: this.creds.corpId, corpsecret: this.creds.secret });
    const a = await requestJson<WecomAnswer>(`${this.opts.baseUrl}/cgi-bin/gettoken?${q}`, { method: 'GET', timeoutMs: this.opts.timeoutMs });
    if (a.errcode || !a.access_token) {
      const msg = `企业微信获取 access_token 失败：errcode ${a.errcode} ${a.errmsg ?? ''}`;
      throw PERMANENT.has(a.errcode ?? 0) ? new ImPermanentError(msg) : new Error(msg);
    }
    return { token: a.access_token, expiresInSec: a.expires_in ?? 7200 };
  }

  /** Sends one textcard to one member (企业微信 userid). Throws ImRateLimitedError, ImPermanentError or a transient Error. */
  async sendTextCard(userId: string, card: Card): Promise<{ msgid: string | null }> {
    const slot = this.limiter.take(userId);
    if (!slot.ok)
      throw new ImRateLimitedError(`企业微信：同一成员每分钟最多 30 条、每小时 1000 条，${Math.ceil(slot.retryAfterMs / 1000)} 秒后重试`, slot.retryAfterMs);
    const body = {
      touser: userId,
      msgtype: 'textcard',
      agentid: this.creds.agentId,
      textcard: { title: card.title, description: card.description, url: card.url, btntxt: card.button },
      // A retry after a lost answer is not shown twice (企业微信 deduplicates the same content within the interval).
      enable_duplicate_check: 1,
      duplicate_check_interval: 1800,
    };
    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.get();
      const a = await requestJson<WecomAnswer>(`${this.opts.baseUrl}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        body,
        timeoutMs: this.opts.timeoutMs,
      });
      const code = a.errcode ?? 0;
      if (TOKEN_ERRORS.has(code) && attempt === 0) {
        this.tokens.invalidate(token);
        continue;
      }
      if (code === 0 && a.invaliduser && a.invaliduser.split('|').includes(userId))
        throw new ImPermanentError(`企业微信：成员 ${userId} 不存在或不在应用可见范围`);
      if (code === 0) return { msgid: a.msgid ?? null };
      const msg = `企业微信发送失败：errcode ${code} ${a.errmsg ?? ''}`;
      if (RATE.has(code)) throw new ImRateLimitedError(msg, 60_000);
      if (PERMANENT.has(code)) throw new ImPermanentError(msg);
      throw new Error(msg);
    }
  }
}
