import { Global, Logger, Module } from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { createWorkingCalendar, type WorkingCalendar } from '../schedule/index.js';

export const WORKING_CALENDAR = Symbol('WORKING_CALENDAR');

/** One working-day calendar (Chinese public holidays + 调休 + config/holidays), warned about at boot. */
@Global()
@Module({
  providers: [
    {
      provide: WORKING_CALENDAR,
      inject: [AppConfig, Clock],
      useFactory: (config: AppConfig, clock: Clock): WorkingCalendar => {
        const calendar = createWorkingCalendar({ holidaysDir: config.holidaysDir });
        const year = clock.now().getUTCFullYear();
        const unknown = calendar.unknownYears([year, year + 1]);
        if (unknown.length) {
          new Logger('WorkingCalendar').warn(
            `节假日数据未覆盖 ${unknown.join('、')} 年：这些年份按周一至周五计算工作日。请在 ${config.holidaysDir} 添加当年的放假安排（见该目录 README）。`,
          );
        }
        return calendar;
      },
    },
  ],
  exports: [WORKING_CALENDAR],
})
export class CalendarModule {}
