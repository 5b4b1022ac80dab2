/**
 * The columns every bulk insert of tasks writes, in this order: the task's identity, period, window and
 * people. Activation adds only the timestamps; seeds for tests and benches add what their scenario needs
 * (next_notify_at, submitted_at, …) after these, so the rows stay positional and the list is written once.
 */
export const TASK_CORE_COLUMNS = [
  'org_id',
  'plan_id',
  'item_id',
  'period_key',
  'label',
  'start_day',
  'due_day',
  'window_start',
  'due_at',
  'status',
  'owner_id',
  'unit_id',
] as const;
