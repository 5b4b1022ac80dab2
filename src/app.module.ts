import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { Clock } from './clock/clock.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source.js';
import { HealthController } from './health/health.controller.js';
import { ApiIndexController } from './health/api-index.controller.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { PeopleModule } from './people/people.module.js';
import { ImportModule } from './import/import.module.js';
import { PlansModule } from './plans/plans.module.js';
import { RedisModule } from './redis/redis.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SchedulerService } from './supervision/scheduler.service.js';
import { SupervisionModule } from './supervision/supervision.module.js';
import { TasksModule } from './tasks/tasks.module.js';

export interface AppOptions {
  config: AppConfig;
  clock: Clock;
  redisUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, clock, redisUrl }: AppOptions): DynamicModule {
    const scheduling = config.scheduler.enabled ? [ScheduleModule.forRoot()] : [];
    return {
      module: AppModule,
      global: true,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config)),
        RedisModule.forRoot(redisUrl),
        JobsModule,
        ...scheduling,
        CalendarModule,
        AuditModule,
        AuthModule,
        PeopleModule,
        PlansModule,
        ImportModule,
        TasksModule,
        SupervisionModule,
        ReportsModule,
      ],
      controllers: [HealthController, ApiIndexController, MetricsController],
      providers: [{ provide: Clock, useValue: clock }, ...(config.scheduler.enabled ? [SchedulerService] : [])],
      exports: [Clock],
    };
  }
}
