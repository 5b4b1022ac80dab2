import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermanentDeliveryError } from './classify.js';
import { hostAllowed, isPrivateAddress, refuseUrl } from './webhook-guard.js';
import { WebhookDriver } from './webhook.driver.js';

const DEFAULT = { hosts: ['qyapi.weixin.qq.com', 'oapi.dingtalk.com'], allowPrivate: false };
const msg = {
  subject: '提醒',
  text: 't',
  html: '<p>t</p>',
  markdown: '**t**',
  messageId: '<m1@x>',
  card: { title: '提醒', description: 't', markdown: 't', url: 'https://ducha.local/tasks/1', button: '查看' },
};
const to = (webhookUrl: string) => ({ id: 1, orgId: 1, name: '张三', email: null, webhookUrl, wecomUserId: null, dingtalkUserId: null });

describe('webhook guard', () => {
  it('knows loopback, private, link-local and mapped addresses from public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
    ])
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    for (const a of ['101.226.68.1', '8.8.8.8', '2402:4e00::1']) expect([a, isPrivateAddress(a)]).toEqual([a, false]);
  });

  it('allows only the configured hosts (exact or *.suffix), https, no credentials', () => {
    expect(refuseUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', DEFAULT)).toBeNull();
    expect(refuseUrl('https://oapi.dingtalk.com/robot/send?access_token=x', DEFAULT)).toBeNull();
    expect(refuseUrl('https://evil.example.com/hook', DEFAULT)).toMatch(/不在允许列表/);
    expect(refuseUrl('https://qyapi.weixin.qq.com.evil.com/x', DEFAULT)).toMatch(/不在允许列表/);
    expect(refuseUrl('http://qyapi.weixin.qq.com/x', DEFAULT)).toMatch(/https/);
    expect(refuseUrl('https://a:b@qyapi.weixin.qq.com/x', DEFAULT)).toMatch(/用户名或密码/);
    expect(refuseUrl('https://127.0.0.1/x', { hosts: ['127.0.0.1'], allowPrivate: false })).toMatch(/内网或本机/);
    expect(hostAllowed('hooks.corp.example', ['*.corp.example'])).toBe(true);
    expect(hostAllowed('corp.example', ['*.corp.example'])).toBe(false);
  });
});

describe('WebhookDriver against a local server', () => {
  let server: http.Server;
  let base: string;
  const received: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(`${req.url} ${body}`);
        if (req.url === '/redirect') res.writeHead(302, { location: '/ok' }).end();
        else if (req.url === '/secret') res.writeHead(500).end('INTERNAL-SECRET-TOKEN root:x:0:0');
        else if (req.url === '/robot-error') res.writeHead(200).end('{"errcode":93000,"errmsg":"INTERNAL-SECRET-TOKEN"}');
        else res.writeHead(200).end('{"errcode":0}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => (received.length = 0));

  it('refuses 127.0.0.1 by default without sending anything', async () => {
    const driver = new WebhookDriver('webhook', DEFAULT, 2000);
    await expect(driver.send(to(`${base}/ok`), msg)).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(received).toEqual([]);
  });

  it('delivers when the host and private addresses are allowed explicitly', async () => {
    const driver = new WebhookDriver('wecom', { hosts: ['127.0.0.1'], allowPrivate: true }, 2000);
    await driver.send(to(`${base}/ok`), msg);
    expect(received).toEqual(['/ok {"msgtype":"markdown","markdown":{"content":"**t**"}}']);
  });

  it('follows no redirect, and never echoes a response body in the error', async () => {
    const driver = new WebhookDriver('webhook', { hosts: ['127.0.0.1'], allowPrivate: true }, 2000);
    await expect(driver.send(to(`${base}/redirect`), msg)).rejects.toThrow('webhook HTTP 302（不跟随重定向）');
    expect(received.map((r) => r.split(' ')[0])).toEqual(['/redirect']);
    const failure = await driver.send(to(`${base}/secret`), msg).catch((e: Error) => e);
    expect((failure as Error).message).toBe('webhook HTTP 500');
    const robot = new WebhookDriver('dingtalk', { hosts: ['127.0.0.1'], allowPrivate: true }, 2000);
    const err = await robot.send(to(`${base}/robot-error`), msg).catch((e: Error) => e);
    expect((err as Error).message).toBe('dingtalk errcode 93000');
  });

  it('refuses a host that resolves to a loopback address (DNS is checked, not only the literal)', async () => {
    const port = (server.address() as AddressInfo).port;
    const driver = new WebhookDriver('webhook', { hosts: ['localhost'], allowPrivate: false }, 2000);
    await expect(driver.send(to(`https://localhost:${port}/ok`), msg)).rejects.toThrow(/解析到内网或本机地址/);
    expect(received).toEqual([]);
  });
});
