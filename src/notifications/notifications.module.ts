import { Module } from '@nestjs/common';
import { ChannelService } from './channels.js';
import { DeliveryService } from './delivery.service.js';
import { LedgerListService } from './ledger-list.service.js';
import { NotificationsController } from './notifications.controller.js';

@Module({ controllers: [NotificationsController], providers: [ChannelService, DeliveryService, LedgerListService], exports: [DeliveryService, ChannelService] })
export class NotificationsModule {}
