import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportRenderPool } from './report-render-pool.js';
import { ReportsService } from './reports.service.js';
import { ReportResendLimiter } from './resend-limit.js';

/** The quarterly report over HTTP, and its scheduled, once-per-quarter email (job "send-quarterly-report", through the shared mail transport). */
@Module({
  imports: [NotificationsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportResendLimiter, ReportRenderPool],
  exports: [ReportsService],
})
export class ReportsModule {}
