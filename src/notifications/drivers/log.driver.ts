import { Logger } from '@nestjs/common';
import type { ChannelDriver, Outgoing, Recipient } from './driver.js';

/** For people with no address: the message goes to the application log. */
export class LogDriver implements ChannelDriver {
  private readonly logger = new Logger('通知');
  send(to: Recipient, msg: Outgoing): Promise<void> {
    this.logger.log(`[通知→${to.name}] ${msg.subject}\n${msg.text}`);
    return Promise.resolve();
  }
}
