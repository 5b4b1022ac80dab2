import type { AppConfig } from '../../config/app-config.js';
import { DingtalkAppClient } from '../dingtalk-app.js';
import { ImPermanentError } from '../im-app.js';
import { WecomAppClient } from '../wecom-app.js';
import { PermanentDeliveryError } from './classify.js';
import type { ChannelDriver, Outgoing, Recipient } from './driver.js';

/**
 * 企业微信 application messages (`wecom-app`) and 钉钉 work notifications (`dingtalk-app`): one client
 * per org's credentials, so each keeps its token and member counts.
 */
export class ImAppDriver implements ChannelDriver {
  private readonly clients = new Map<string, WecomAppClient | DingtalkAppClient>();

  constructor(
    private readonly kind: 'wecom-app' | 'dingtalk-app',
    private readonly config: AppConfig,
    private readonly now: () => number,
  ) {}

  private client(orgId: number): WecomAppClient | DingtalkAppClient {
    const section = this.kind === 'wecom-app' ? this.config.notifications.wecomApp : this.config.notifications.dingtalkApp;
    const key = section.orgs[String(orgId)] ? String(orgId) : 'default';
    const creds = section.orgs[key];
    if (!creds)
      throw new PermanentDeliveryError(
        this.kind === 'wecom-app'
          ? `组织 ${orgId} 未配置企业微信应用（notifications.wecomApp.orgs 或 DUCHA_WECOM_*）`
          : `组织 ${orgId} 未配置钉钉应用（notifications.dingtalkApp.orgs 或 DUCHA_DINGTALK_*）`,
      );
    let c = this.clients.get(key);
    if (!c) {
      const opts = { baseUrl: section.baseUrl, timeoutMs: this.config.notifications.timeoutMs, now: this.now };
      c = this.kind === 'wecom-app' ? new WecomAppClient(creds as never, opts) : new DingtalkAppClient(creds as never, opts);
      this.clients.set(key, c);
    }
    return c;
  }

  async send(to: Recipient, msg: Outgoing): Promise<void> {
    try {
      if (this.kind === 'wecom-app') {
        if (!to.wecomUserId) throw new PermanentDeliveryError(`${to.name} 没有企业微信 userid`);
        await (this.client(to.orgId) as WecomAppClient).sendTextCard(to.wecomUserId, msg.card);
      } else {
        if (!to.dingtalkUserId) throw new PermanentDeliveryError(`${to.name} 没有钉钉 userid`);
        await (this.client(to.orgId) as DingtalkAppClient).sendActionCard(to.dingtalkUserId, msg.card);
      }
    } catch (e) {
      // Rate limits and network errors are retried with the delivery backoff; bad credentials or an unknown member are not.
      if (e instanceof ImPermanentError) throw new PermanentDeliveryError(e.message);
      throw e;
    }
  }
}
