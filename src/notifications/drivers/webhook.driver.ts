import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyHttp, PermanentDeliveryError } from './classify.js';
import type { ChannelDriver, Outgoing, Recipient } from './driver.js';
import { refuseUrl, resolvePublic, type WebhookPolicy } from './webhook-guard.js';

export type WebhookFlavour = 'wecom' | 'dingtalk' | 'webhook';

/** WeCom (企业微信) and DingTalk (钉钉) group robots take markdown; the generic webhook takes JSON. */
export function webhookBody(flavour: WebhookFlavour, msg: Outgoing, to: Pick<Recipient, 'id' | 'name'>): unknown {
  if (flavour === 'wecom') return { msgtype: 'markdown', markdown: { content: msg.markdown } };
  if (flavour === 'dingtalk') return { msgtype: 'markdown', markdown: { title: msg.subject, text: msg.markdown } };
  return { id: msg.messageId, to: { id: to.id, name: to.name }, subject: msg.subject, text: msg.text, html: msg.html };
}

/** At most this much of a response is read (to see a robot's errcode); it is never put into an error. */
const MAX_RESPONSE = 64 * 1024;

/**
 * POSTs a message to the person's webhook URL, only to allowed hosts (notifications.webhookHosts)
 * and public addresses (unless webhookAllowPrivate), connecting to the address that was checked,
 * following no redirect. Errors say the status or the robot's errcode, never the response body.
 */
export class WebhookDriver implements ChannelDriver {
  constructor(
    private readonly flavour: WebhookFlavour,
    private readonly policy: WebhookPolicy,
    private readonly timeoutMs: number,
  ) {}

  async send(to: Recipient, msg: Outgoing): Promise<void> {
    if (!to.webhookUrl) throw new PermanentDeliveryError(`${to.name} 没有 webhook 地址`);
    const refused = refuseUrl(to.webhookUrl, this.policy);
    if (refused) throw new PermanentDeliveryError(refused);
    const url = new URL(to.webhookUrl);
    let target: { address: string; family: number };
    try {
      target = await resolvePublic(url.hostname, this.policy);
    } catch (e) {
      throw new PermanentDeliveryError((e as Error).message);
    }
    const { status, body } = await this.post(url, target, JSON.stringify(webhookBody(this.flavour, msg, to)), msg.messageId);
    if (status < 200 || status >= 300) {
      const text = `webhook HTTP ${status}${status >= 300 && status < 400 ? '（不跟随重定向）' : ''}`;
      if (classifyHttp(status) === 'permanent' || (status >= 300 && status < 400)) throw new PermanentDeliveryError(text);
      throw new Error(text);
    }
    // Both robots answer 200 with {errcode, errmsg}; a non-zero errcode is a failure (its code only is reported).
    if (this.flavour !== 'webhook') {
      let errcode: unknown;
      try {
        errcode = (JSON.parse(body) as { errcode?: unknown }).errcode;
      } catch {
        throw new Error(`${this.flavour} 应答不是 JSON`);
      }
      if (errcode) throw new Error(`${this.flavour} errcode ${Number(errcode)}`);
    }
  }

  private post(url: URL, target: { address: string; family: number }, payload: string, messageId: string): Promise<{ status: number; body: string }> {
    const pinned: LookupFunction = (_host, opts, cb) => {
      if ((opts as { all?: boolean }).all) (cb as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [target]);
      else cb(null, target.address, target.family);
    };
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-ducha-message-id': messageId },
          lookup: pinned,
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < MAX_RESPONSE) chunks.push(c);
            size += c.length;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE) }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`webhook 超时（${this.timeoutMs} ms）`)));
      req.on('error', (e: NodeJS.ErrnoException) => reject(new Error(`webhook 连接失败：${e.code ?? e.message}`)));
      req.end(payload);
    });
  }
}
