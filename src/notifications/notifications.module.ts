import { Module } from '@nestjs/common';
import { ChannelService } from './channels.js';
import { DeliveryService } from './delivery.service.js';
import { MailTransport } from './drivers/mail-transport.js';
import { LedgerListService } from './ledger-list.service.js';
import { LedgerRepository } from './ledger.repository.js';
import { NotificationsController } from './notifications.controller.js';

@Module({
  controllers: [NotificationsController],
  providers: [MailTransport, ChannelService, LedgerRepository, DeliveryService, LedgerListService],
  exports: [DeliveryService, ChannelService, MailTransport],
})
export class NotificationsModule {}
