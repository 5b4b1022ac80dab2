import { classifySmtp, PermanentDeliveryError } from './classify.js';
import type { ChannelDriver, Outgoing, Recipient } from './driver.js';
import type { MailTransport } from './mail-transport.js';

export class EmailDriver implements ChannelDriver {
  constructor(private readonly mail: MailTransport) {}

  async send(to: Recipient, msg: Outgoing): Promise<void> {
    if (!to.email) throw new PermanentDeliveryError(`${to.name} 没有邮箱`);
    try {
      await this.mail.send({ to: to.email, subject: msg.subject, text: msg.text, html: msg.html, messageId: msg.messageId });
    } catch (e) {
      if (classifySmtp(e) === 'permanent') throw new PermanentDeliveryError((e as Error).message);
      throw e;
    }
  }
}
