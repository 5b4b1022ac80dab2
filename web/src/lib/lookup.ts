// Names for ids (units, people, plan items), fetched once per page load. The task API may carry
// the names itself (itemTitle / ownerName / unitName); these fill in when it does not.
import { api, type Person } from './api';

export interface Unit {
  id: number;
  name: string;
  headId: number | null;
  orgId: number;
}
export interface Item {
  id: number;
  planId: number;
  title: string;
  sourceQuote: string | null;
  timeText: string | null;
  ownerId: number | null;
  unitId: number | null;
  coUnitIds: number[];
  sectionPath: string[];
  evidenceRequirements: Array<{ kind: string; min: number }>;
  schedule: unknown;
  scheduleDetail: unknown;
  [k: string]: unknown;
}

let units: Promise<Map<number, Unit>> | null = null;
let people: Promise<Map<number, Person>> | null = null;
const items = new Map<number, Promise<Item>>();

export function unitsById(orgId: number): Promise<Map<number, Unit>> {
  units ??= api.get<Unit[]>(`/units?orgId=${orgId}`).then((l) => new Map(l.map((u) => [u.id, u])));
  units.catch(() => (units = null));
  return units;
}
export function peopleById(orgId: number): Promise<Map<number, Person>> {
  people ??= api.get<Person[]>(`/people?orgId=${orgId}`).then((l) => new Map(l.map((p) => [p.id, p])));
  people.catch(() => (people = null));
  return people;
}
export function itemById(id: number): Promise<Item> {
  let p = items.get(id);
  if (!p) {
    p = api.get<Item>(`/items/${id}`);
    items.set(id, p);
    p.catch(() => items.delete(id));
  }
  return p;
}
export function forgetLookups(): void {
  units = null;
  people = null;
  items.clear();
}

export interface TaskRow {
  id: number;
  planId: number;
  itemId: number;
  label: string;
  startDay: string;
  dueDay: string;
  dueAt: string;
  status: string;
  ownerId: number | null;
  unitId: number | null;
  escalationLevel: number;
  submittedAt: string | null;
  returnCount: number;
  originalDueAt: string | null;
  overdue: boolean;
  daysOverdue: number;
  light: 'red' | 'yellow' | 'green';
  /** The item's title (the API's `title`); itemTitle is the page's name for it. */
  title?: string | null;
  planTitle?: string | null;
  itemTitle?: string;
  ownerName?: string | null;
  unitName?: string | null;
  [k: string]: unknown;
}

/** Fills itemTitle / ownerName / unitName where the API left them out. */
export async function named<T extends TaskRow>(orgId: number, rows: T[]): Promise<T[]> {
  for (const r of rows) if (r.itemTitle == null && r.title) r.itemTitle = r.title;
  // The task API names them (title / ownerName / unitName): nothing more to fetch.
  if (rows.every((r) => r.itemTitle != null && r.ownerName !== undefined && r.unitName !== undefined)) return rows;
  const [u, p] = await Promise.all([unitsById(orgId).catch(() => new Map()), peopleById(orgId).catch(() => new Map())]);
  const missingItems = [...new Set(rows.filter((r) => r.itemTitle == null).map((r) => r.itemId))];
  const titles = new Map<number, string>();
  await Promise.all(
    missingItems.map((id) =>
      itemById(id).then(
        (i) => titles.set(id, i.title),
        () => undefined,
      ),
    ),
  );
  for (const r of rows) {
    r.itemTitle ??= titles.get(r.itemId) ?? `事项 ${r.itemId}`;
    if (r.ownerName == null) r.ownerName = r.ownerId != null ? (p.get(r.ownerId)?.name ?? null) : null;
    if (r.unitName == null) r.unitName = r.unitId != null ? (u.get(r.unitId)?.name ?? null) : null;
  }
  return rows;
}

/** Every page of a task query (500 a page). */
export async function allTasks(query: string): Promise<TaskRow[]> {
  const out: TaskRow[] = [];
  for (let page = 1; ; page++) {
    const res = await api.get<{ items: TaskRow[]; total: number }>(`/tasks?${query}${query ? '&' : ''}page=${page}&pageSize=500`);
    out.push(...res.items);
    if (out.length >= res.total || !res.items.length) return out;
  }
}
