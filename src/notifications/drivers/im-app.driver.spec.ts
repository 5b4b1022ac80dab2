import { ImServer } from '../../../test/support/im-server.js';
import type { AppConfig } from '../../config/app-config.js';
import { PermanentDeliveryError } from './classify.js';
import { ImAppDriver } from './im-app.driver.js';

const NOW = Date.parse('2024-03-22T01:00:00Z');
const card = {
  title: '【督查提醒】开展专题调研',
  description: '2024年3月31日（周日） 截止',
  markdown: '### 开展专题调研',
  url: 'https://ducha.test/tasks/7',
  button: '去办理',
};
const msg = { subject: '提醒', text: 't', html: '<p>t</p>', markdown: 't', messageId: '<m1@x>', card };
const person = (orgId: number, over: Record<string, string | null> = {}) => ({
  id: 1,
  orgId,
  name: '张三',
  email: null,
  webhookUrl: null,
  wecomUserId: 'zhangsan',
  dingtalkUserId: 'ding-zhangsan',
  ...over,
});

describe('企业微信/钉钉 app credentials per org (#12.2)', () => {
  const server = new ImServer();
  let config: AppConfig;
  beforeAll(async () => {
    await server.start();
    server.wecom.users = new Set(['zhangsan']);
    server.dingtalk.users = new Set(['ding-zhangsan']);
    config = {
      notifications: {
        timeoutMs: 2000,
        wecomApp: {
          baseUrl: server.url,
          orgs: {
            '7': { corpId: 'ww-corp', agentId: 7001, secret: 'wecom-secret' },
            default: { corpId: 'ww-corp', agentId: 1000002, secret: 'wecom-secret' },
          },
        },
        dingtalkApp: { baseUrl: server.url, orgs: { '7': { appKey: 'ding-key', appSecret: 'ding-secret', agentId: 77 } } },
      },
    } as unknown as AppConfig;
  });
  afterAll(() => server.stop());

  it('an org with its own app sends as that app, others as the default, each app with its own cached token', async () => {
    const wecom = new ImAppDriver('wecom-app', config, () => NOW);
    await wecom.send(person(7), msg);
    await wecom.send(person(8), msg);
    await wecom.send(person(7), msg);
    expect(server.sent.map((r) => r.body.agentid)).toEqual([7001, 1000002, 7001]);
    expect(server.tokenRequests('wecom')).toBe(2);
  });

  it('an org without an app (and no default) fails permanently, naming the org; so does a person without a userid', async () => {
    const ding = new ImAppDriver('dingtalk-app', config, () => NOW);
    await ding.send(person(7), msg);
    expect(server.sent.at(-1)!.body).toMatchObject({ agent_id: 77, userid_list: 'ding-zhangsan' });
    const unconfigured = await ding.send(person(8), msg).catch((e: Error) => e);
    expect(unconfigured).toBeInstanceOf(PermanentDeliveryError);
    expect((unconfigured as Error).message).toContain('组织 8 未配置钉钉应用');
    const noUser = await ding.send(person(7, { dingtalkUserId: null }), msg).catch((e: Error) => e);
    expect(noUser).toBeInstanceOf(PermanentDeliveryError);
    expect((noUser as Error).message).toContain('没有钉钉 userid');
  });
});
