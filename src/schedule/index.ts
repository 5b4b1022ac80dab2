/** Public API of the schedule module: parse Chinese time expressions, expand them into dated tasks, working days. Pure: no Nest, no clock. */
export type { Recurrence, Schedule, ScheduleDetail, ParseOutcome, PlannedTask, ExpandOptions, WorkingCalendar, HolidayYear } from './types.js';
export { RECURRENCES } from './types.js';
export { parseSchedule, monthInWindow } from './parse.js';
export { expandSchedule } from './expand.js';
export { createWorkingCalendar, packageKnowsYear } from './calendar.js';
export { loadHolidayFiles, validateHolidayYear, DEFAULT_HOLIDAYS_DIR } from './holidays.js';
export { startOfDay, endOfDay, localDay, localDateTime } from './zone.js';
export { normalizeText } from './normalize.js';
export { chineseNumberToInt } from './numerals.js';
export { addDays, addMonths, daysInMonth, isValidDay, weekdayOf } from './days.js';
