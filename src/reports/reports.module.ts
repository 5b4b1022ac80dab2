import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';
import { ReportResendLimiter } from './resend-limit.js';

/** The quarterly report over HTTP, and its scheduled, once-per-quarter email (BullMQ "quarterly-report"). */
@Module({ controllers: [ReportsController], providers: [ReportsService, ReportResendLimiter], exports: [ReportsService] })
export class ReportsModule {}
