import type { Person } from '../../people/person.entity.js';
import type { Rendered } from '../templates.js';

export interface Outgoing extends Rendered {
  /** Stable per message, so a resend after a crash can be recognised by the receiving side. */
  messageId: string;
}

export type Recipient = Pick<Person, 'id' | 'orgId' | 'name' | 'email' | 'webhookUrl' | 'wecomUserId' | 'dingtalkUserId'>;

/**
 * One channel's way of sending a rendered message. A driver throws PermanentDeliveryError for what
 * retrying will not fix and any other error for what it may (see classify.ts); it never puts a
 * remote response body into an error message (that text ends up in the API as lastError).
 *
 * Adding a channel (e.g. `wecom-app` 企业微信应用消息, `dingtalk-app` 钉钉工作通知): add its name to
 * CHANNELS (notification.entity.ts), write a class implementing this interface, and add one entry
 * to the registry in ChannelService (channels.ts). Nothing in delivery changes.
 */
export interface ChannelDriver {
  send(to: Recipient, msg: Outgoing): Promise<void>;
}
