import { ImServer } from '../../test/support/im-server.js';
import { DingtalkAppClient } from './dingtalk-app.js';
import { AccessTokenCache, ImPermanentError, ImRateLimitedError, MemberRateLimiter } from './im-app.js';
import type { Card } from './templates.js';
import { WecomAppClient } from './wecom-app.js';

const card: Card = {
  title: '【督查提醒】开展专题教育活动（2024年3月）3月29日到期',
  description: '<div class="gray">2024年3月29日（周五） 截止</div><div class="normal">开展专题教育活动</div>',
  markdown: '### 【督查提醒】开展专题教育活动\n\n> [去办理](https://ducha.test/tasks/7)',
  url: 'https://ducha.test/tasks/7',
  button: '去办理',
};

describe('MemberRateLimiter', () => {
  it('allows 30 a minute per member and says how long to wait for the 31st', () => {
    let now = 1_000_000;
    const l = new MemberRateLimiter([{ max: 30, windowMs: 60_000 }], () => now);
    for (let i = 0; i < 30; i++) {
      expect(l.take('zhangsan').ok).toBe(true);
      now += 1000;
    }
    const refused = l.take('zhangsan');
    expect(refused).toEqual({ ok: false, retryAfterMs: 30_000 });
    expect(l.take('lisi').ok).toBe(true);
    now += 30_000;
    expect(l.take('zhangsan').ok).toBe(true);
    expect(l.take('zhangsan').ok).toBe(false);
  });
});

describe('AccessTokenCache', () => {
  it('fetches once for concurrent callers, reuses until shortly before expiry, renews after', async () => {
    let now = 0;
    let n = 0;
    const cache = new AccessTokenCache(
      async () => ({ token: `t${++n}`, expiresInSec: 7200 }),
      () => now,
    );
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual(['t1', 't1', 't1']);
    now = 6000_000;
    expect(await cache.get()).toBe('t1');
    now = 6900_000; // within the 5-minute margin of 7200 s
    expect(await cache.get()).toBe('t2');
    cache.invalidate('t1'); // stale: t2 stays
    expect(await cache.get()).toBe('t2');
    cache.invalidate('t2');
    expect(await cache.get()).toBe('t3');
    expect(cache.fetches).toBe(3);
  });
});

describe('企业微信 and 钉钉 app clients against a local server', () => {
  const server = new ImServer();
  let now = Date.parse('2024-03-22T01:00:00Z');
  const opts = () => ({ baseUrl: server.url, timeoutMs: 2000, now: () => now });
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
    server.wecom.users = new Set(['zhangsan']);
    server.dingtalk.users = new Set(['ding-zhangsan']);
  });

  it('企业微信: a textcard with the task URL and 去办理; one token for many sends; a rejected token renewed once', async () => {
    const c = new WecomAppClient({ corpId: 'ww-corp', agentId: 1000002, secret: 'wecom-secret' }, opts());
    await c.sendTextCard('zhangsan', card);
    await c.sendTextCard('zhangsan', card);
    expect(server.tokenRequests('wecom')).toBe(1);
    expect(server.sent).toHaveLength(2);
    expect(server.sent[0].body).toMatchObject({
      touser: 'zhangsan',
      msgtype: 'textcard',
      agentid: 1000002,
      textcard: { title: card.title, description: card.description, url: 'https://ducha.test/tasks/7', btntxt: '去办理' },
    });
    server.expireTokens();
    await c.sendTextCard('zhangsan', card);
    expect(server.tokenRequests('wecom')).toBe(2);
    expect(server.sent).toHaveLength(3);
  });

  it('企业微信: at most 30 messages a minute to one member; an unknown member or bad secret fails permanently; 45009 is a wait', async () => {
    const c = new WecomAppClient({ corpId: 'ww-corp', agentId: 1, secret: 'wecom-secret' }, opts());
    for (let i = 0; i < 30; i++) await c.sendTextCard('zhangsan', card);
    await expect(c.sendTextCard('zhangsan', card)).rejects.toBeInstanceOf(ImRateLimitedError);
    expect(server.sent).toHaveLength(30);
    now += 60_000;
    await c.sendTextCard('zhangsan', card);
    expect(server.sent).toHaveLength(31);
    await expect(c.sendTextCard('nobody', card)).rejects.toBeInstanceOf(ImPermanentError);
    server.failNext = [45009];
    await expect(c.sendTextCard('zhangsan', card)).rejects.toBeInstanceOf(ImRateLimitedError);
    const bad = new WecomAppClient({ corpId: 'ww-corp', agentId: 1, secret: 'wrong' }, opts());
    await expect(bad.sendTextCard('zhangsan', card)).rejects.toBeInstanceOf(ImPermanentError);
  });

  it('钉钉: an action_card work notification with 去办理 → task URL; token cached and renewed; unknown user permanent', async () => {
    const c = new DingtalkAppClient({ appKey: 'ding-key', appSecret: 'ding-secret', agentId: 2233 }, opts());
    await c.sendActionCard('ding-zhangsan', card);
    await c.sendActionCard('ding-zhangsan', card);
    expect(server.tokenRequests('dingtalk')).toBe(1);
    expect(server.sent[0].body).toEqual({
      agent_id: 2233,
      userid_list: 'ding-zhangsan',
      msg: {
        msgtype: 'action_card',
        action_card: { title: card.title, markdown: card.markdown, single_title: '去办理', single_url: 'https://ducha.test/tasks/7' },
      },
      __ok: true,
    });
    server.expireTokens();
    await c.sendActionCard('ding-zhangsan', card);
    expect(server.tokenRequests('dingtalk')).toBe(2);
    await expect(c.sendActionCard('ding-nobody', card)).rejects.toBeInstanceOf(ImPermanentError);
    const bad = new DingtalkAppClient({ appKey: 'ding-key', appSecret: 'x', agentId: 1 }, opts());
    await expect(bad.sendActionCard('ding-zhangsan', card)).rejects.toBeInstanceOf(ImPermanentError);
  });
});
