import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller.js';
import { ReportRenderPool } from './report-render-pool.js';
import { ReportsService } from './reports.service.js';
import { ReportResendLimiter } from './resend-limit.js';

/** The quarterly report over HTTP, and its scheduled, once-per-quarter email (BullMQ "quarterly-report"). */
@Module({ controllers: [ReportsController], providers: [ReportsService, ReportResendLimiter, ReportRenderPool], exports: [ReportsService] })
export class ReportsModule {}
