import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import type { Person } from '../people/person.entity.js';
import { PermanentDeliveryError } from './drivers/classify.js';
import type { ChannelDriver, Outgoing, Recipient } from './drivers/driver.js';
import { EmailDriver } from './drivers/email.driver.js';
import { ImAppDriver } from './drivers/im-app.driver.js';
import { LogDriver } from './drivers/log.driver.js';
import { MailTransport } from './drivers/mail-transport.js';
import { WebhookDriver } from './drivers/webhook.driver.js';
import { CHANNELS, type Channel } from './notification.entity.js';

export { PermanentDeliveryError } from './drivers/classify.js';
export type { Outgoing } from './drivers/driver.js';
export { webhookBody } from './drivers/webhook.driver.js';

/** The person's channel: their choice, else email when they have an address, else their webhook, else the log. */
export function channelFor(person: Pick<Person, 'notifyChannel' | 'email' | 'webhookUrl'>): Channel {
  const chosen = person.notifyChannel as Channel | null;
  if (chosen && (CHANNELS as readonly string[]).includes(chosen)) return chosen;
  if (person.email) return 'email';
  if (person.webhookUrl) return 'webhook';
  return 'log';
}

/** The registry of channel drivers: one per channel name (see drivers/driver.ts for adding one). */
@Injectable()
export class ChannelService {
  private readonly drivers: ReadonlyMap<Channel, ChannelDriver>;

  constructor(config: AppConfig, mail: MailTransport, clock: Clock) {
    const { webhookHosts, webhookAllowPrivate, timeoutMs } = config.notifications;
    const policy = { hosts: webhookHosts, allowPrivate: webhookAllowPrivate };
    this.drivers = new Map<Channel, ChannelDriver>([
      ['email', new EmailDriver(mail)],
      ['wecom', new WebhookDriver('wecom', policy, timeoutMs)],
      ['dingtalk', new WebhookDriver('dingtalk', policy, timeoutMs)],
      ['webhook', new WebhookDriver('webhook', policy, timeoutMs)],
      ['wecom-app', new ImAppDriver('wecom-app', config, () => clock.now().getTime())],
      ['dingtalk-app', new ImAppDriver('dingtalk-app', config, () => clock.now().getTime())],
      ['log', new LogDriver()],
    ]);
  }

  async send(channel: Channel, to: Recipient, msg: Outgoing): Promise<void> {
    const driver = this.drivers.get(channel);
    if (!driver) throw new PermanentDeliveryError(`未知渠道 ${String(channel)}`);
    await driver.send(to, msg);
  }
}
