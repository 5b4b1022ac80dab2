import { Module } from '@nestjs/common';
import { ChannelService } from './channels.js';
import { DeliveryService } from './delivery.service.js';
import { LedgerRepository } from './ledger.repository.js';
import { MailTransport } from './drivers/mail-transport.js';
import { NotificationsController } from './notifications.controller.js';

@Module({
  controllers: [NotificationsController],
  providers: [MailTransport, ChannelService, LedgerRepository, DeliveryService],
  exports: [DeliveryService, ChannelService, MailTransport],
})
export class NotificationsModule {}
