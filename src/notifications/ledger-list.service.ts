import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Notification, NotificationMessage, type MessageStatus } from './notification.entity.js';

export interface LedgerPage {
  items: Array<NotificationMessage & { notifications: Notification[] }>;
  total: number;
  page: number;
  pageSize: number;
}

/**
 * One org's page of the notification ledger. The org is part of the query, so the total counts only
 * that org's messages and a page is never emptied by other orgs' rows filtered out afterwards.
 */
@Injectable()
export class LedgerListService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(orgId: number, status: MessageStatus | undefined, page = 1, pageSize = 50): Promise<LedgerPage> {
    const [rows, total] = await this.db.getRepository(NotificationMessage).findAndCount({
      where: { orgId, ...(status ? { status } : {}) },
      order: { id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const ids = rows.map((r) => r.id);
    const items = ids.length ? await this.db.getRepository(Notification).find({ where: { messageId: In(ids) }, order: { id: 'ASC' } }) : [];
    return { items: rows.map((r) => ({ ...r, notifications: items.filter((i) => i.messageId === r.id) })), total, page, pageSize };
  }
}
