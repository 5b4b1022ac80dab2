import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  api: 'wecom' | 'dingtalk';
  method: string;
  path: string;
  query: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded JSON of either API, read by tests
  body: any;
}

/**
 * A loopback stand-in for the parts of the 企业微信 and 钉钉 server APIs ducha calls: token issue
 * (checking the credentials), 企业微信 message/send and 钉钉 asyncsend_v2 (checking the token and the
 * recipient). It records every request; tests read the messages from `sent`.
 */
export class ImServer {
  readonly requests: RecordedRequest[] = [];
  /** Credentials it accepts. */
  wecom = { corpId: 'ww-corp', secret: 'wecom-secret', users: new Set<string>() };
  dingtalk = { appKey: 'ding-key', appSecret: 'ding-secret', users: new Set<string>() };
  /** Error codes to answer the next sends with, one per send (e.g. 45009). */
  failNext: number[] = [];
  private valid = new Set<string>();
  private serial = 0;
  private server: http.Server | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The messages delivered, in order. */
  get sent(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && (r.path === '/cgi-bin/message/send' || r.path.endsWith('/asyncsend_v2')) && r.body.__ok);
  }

  tokenRequests(api: 'wecom' | 'dingtalk'): number {
    return this.requests.filter((r) => r.api === api && r.path.endsWith('/gettoken')).length;
  }

  /** Every token issued so far stops working (as when the platform expires one early). */
  expireTokens(): void {
    this.valid.clear();
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const u = new URL(req.url ?? '/', 'http://x');
        const raw = Buffer.concat(chunks).toString('utf8');
        const rec: RecordedRequest = {
          api: u.pathname.startsWith('/cgi-bin/') ? 'wecom' : 'dingtalk',
          method: req.method ?? 'GET',
          path: u.pathname,
          query: Object.fromEntries(u.searchParams),
          body: raw ? JSON.parse(raw) : null,
        };
        this.requests.push(rec);
        const answer = this.handle(rec);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private issue(prefix: string): Record<string, unknown> {
    const token = `${prefix}-${++this.serial}`;
    this.valid.add(token);
    return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 };
  }

  private handle(r: RecordedRequest): Record<string, unknown> {
    if (r.path === '/cgi-bin/gettoken') {
      if (r.query.corpid !== this.wecom.corpId) return { errcode: 40013, errmsg: 'invalid corpid' };
      if (r.query.corpsecret !== this.wecom.secret) return { errcode: 40001, errmsg: 'invalid credential' };
      return this.issue('wt');
    }
    if (r.path === '/gettoken') {
      if (r.query.appkey !== this.dingtalk.appKey || r.query.appsecret !== this.dingtalk.appSecret)
        return { errcode: 40089, errmsg: '不合法的corpid或corpsecret' };
      return this.issue('dt');
    }
    if (r.path === '/cgi-bin/message/send') {
      if (!this.valid.has(r.query.access_token)) return { errcode: 42001, errmsg: 'access_token expired' };
      const fail = this.failNext.shift();
      if (fail) return { errcode: fail, errmsg: 'simulated' };
      const b = r.body as { touser: string; msgtype: string; textcard?: { title: string; description: string; url: string; btntxt: string } };
      if (b.msgtype !== 'textcard' || !b.textcard?.url) return { errcode: 40008, errmsg: 'invalid message type' };
      if (Buffer.byteLength(b.textcard.title) > 128 || Buffer.byteLength(b.textcard.description) > 512)
        return { errcode: 44004, errmsg: 'content size out of limit' };
      if (!this.wecom.users.has(b.touser)) return { errcode: 0, errmsg: 'ok', invaliduser: b.touser, msgid: '' };
      r.body.__ok = true;
      return { errcode: 0, errmsg: 'ok', invaliduser: '', msgid: `msg-${++this.serial}` };
    }
    if (r.path === '/topapi/message/corpconversation/asyncsend_v2') {
      if (!this.valid.has(r.query.access_token)) return { errcode: 40014, errmsg: '不合法的access_token' };
      const fail = this.failNext.shift();
      if (fail) return { errcode: fail, errmsg: 'simulated' };
      const b = r.body as { userid_list: string; msg: { msgtype: string; action_card?: { single_url?: string } } };
      if (b.msg?.msgtype !== 'action_card' || !b.msg.action_card?.single_url) return { errcode: 400002, errmsg: '参数错误' };
      if (!this.dingtalk.users.has(b.userid_list)) return { errcode: 33012, errmsg: '无效的userid' };
      r.body.__ok = true;
      return { errcode: 0, errmsg: 'ok', task_id: ++this.serial, request_id: `req-${this.serial}` };
    }
    return { errcode: 404, errmsg: `no such api ${r.path}` };
  }
}
