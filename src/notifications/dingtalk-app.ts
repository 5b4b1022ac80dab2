/**
 * 钉钉 work notifications (工作通知) to one member: an `action_card` with the task link as its single
 * "去办理" button. The parts of the API used:
 *   GET  {base}/gettoken?appkey=&appsecret=                                      → {errcode, access_token, expires_in}
 *   POST {base}/topapi/message/corpconversation/asyncsend_v2?access_token=       {agent_id, userid_list, msg}
 * Limits from the docs: the token lives 7200 s and is to be cached; an internal app may send one
 * member at most 500 work notifications a day, and the same content only once a day — past either
 * limit the API still answers success but nothing arrives, so ducha counts before it sends.
 */
import { AccessTokenCache, ImPermanentError, ImRateLimitedError, MemberRateLimiter, requestJson, type RateLimit } from './im-app.js';
import type { Card } from './templates.js';

export interface DingtalkAppCredentials {
  appKey: string;
  appSecret: string;
  agentId: number;
}

export const DINGTALK_MEMBER_LIMITS: RateLimit[] = [{ max: 500, windowMs: 24 * 3600_000 }];

/** Token invalid or expired: renew and try once more. */
const TOKEN_ERRORS = new Set([40014, 42001, 88]);
/** 40089 bad appkey/secret, 40001 bad credential, 33012 bad userid, 60020 IP not allowed, 400002 bad argument. */
const PERMANENT = new Set([40089, 40001, 33012, 60020, 400002, 40035]);
/** Frequency limits (90018: QPS of the org, 90006 / 90002: per-app limits). */
const RATE = new Set([90018, 90006, 90002, 88002]);

interface DingtalkAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  task_id?: number;
}

export class DingtalkAppClient {
  readonly tokens: AccessTokenCache;
  private readonly limiter: MemberRateLimiter;

  constructor(
    private readonly creds: DingtalkAppCredentials,
    private readonly opts: { baseUrl: string; timeoutMs: number; now: () => number },
  ) {
    this.tokens = new AccessTokenCache(() => this.fetchToken(), opts.now);
    this.limiter = new MemberRateLimiter(DINGTALK_MEMBER_LIMITS, opts.now);
  }

  private async fetchToken(): Promise<{ token: string; expiresInSec: number }> {
    const q = new URLSearchParams({ appkey: this.creds.appKey, appsecret: this.creds.appSecret });
    const a = await requestJson<DingtalkAnswer>(`${this.opts.baseUrl}/gettoken?${q}`, { method: 'GET', timeoutMs: this.opts.timeoutMs });
    if (a.errcode || !a.access_token) {
      const msg = `钉钉获取 access_token 失败：errcode ${a.errcode} ${a.errmsg ?? ''}`;
      throw PERMANENT.has(a.errcode ?? 0) ? new ImPermanentError(msg) : new Error(msg);
    }
    return { token: a.access_token, expiresInSec: a.expires_in ?? 7200 };
  }

  /** Sends one action_card work notification to one member (钉钉 userid). */
  async sendActionCard(userId: string, card: Card): Promise<{ taskId: number | null }> {
    const slot = this.limiter.take(userId);
    if (!slot.ok) throw new ImRateLimitedError(`钉钉：同一成员每天最多 500 条工作通知，${Math.ceil(slot.retryAfterMs / 60_000)} 分钟后重试`, slot.retryAfterMs);
    const body = {
      agent_id: this.creds.agentId,
      userid_list: userId,
      msg: { msgtype: 'action_card', action_card: { title: card.title, markdown: card.markdown, single_title: card.button, single_url: card.url } },
    };
    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.get();
      const a = await requestJson<DingtalkAnswer>(
        `${this.opts.baseUrl}/topapi/message/corpconversation/asyncsend_v2?access_token=${encodeURIComponent(token)}`,
        {
          method: 'POST',
          body,
          timeoutMs: this.opts.timeoutMs,
        },
      );
      const code = a.errcode ?? 0;
      if (TOKEN_ERRORS.has(code) && attempt === 0) {
        this.tokens.invalidate(token);
        continue;
      }
      if (code === 0) return { taskId: a.task_id ?? null };
      const msg = `钉钉发送失败：errcode ${code} ${a.errmsg ?? ''}`;
      if (RATE.has(code)) throw new ImRateLimitedError(msg, 60_000);
      if (PERMANENT.has(code)) throw new ImPermanentError(msg);
      throw new Error(msg);
    }
  }
}
