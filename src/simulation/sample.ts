import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ExtractedItem } from '../import/extract.js';
import { extractPlans } from '../import/extract.js';
import { Org } from '../people/org.entity.js';
import type { Role } from '../people/person.entity.js';
import { PeopleService } from '../people/people.service.js';
import { PlansService } from '../plans/plans.service.js';

/** The demo town: an org, five units with a head and two staff each, three presidium members and an admin. */
export const DEMO_ORG = '某某镇人大主席团';
export const DEMO_DOMAIN = 'demo.ducha.local';

const UNITS: Array<{ name: string; match: RegExp; head: [string, string]; staff: Array<[string, string]> }> = [
  {
    name: '镇党政办',
    match: /党政|政府|办公室|党委/,
    head: ['李四', 'lisi'],
    staff: [
      ['张三', 'zhangsan'],
      ['王五', 'wangwu'],
    ],
  },
  {
    name: '镇人大办',
    match: /人大|代表/,
    head: ['赵敏', 'zhaomin'],
    staff: [
      ['孙强', 'sunqiang'],
      ['周芳', 'zhoufang'],
    ],
  },
  {
    name: '镇纪委',
    match: /纪检|纪委|监察/,
    head: ['吴刚', 'wugang'],
    staff: [
      ['郑洁', 'zhengjie'],
      ['冯磊', 'fenglei'],
    ],
  },
  {
    name: '镇财政所',
    match: /财政|农机|经济/,
    head: ['何平', 'heping'],
    staff: [
      ['许静', 'xujing'],
      ['韩冰', 'hanbing'],
    ],
  },
  {
    name: '中心学校',
    match: /学校|教育|教师/,
    head: ['唐亮', 'tangliang'],
    staff: [
      ['邓丽', 'dengli'],
      ['曹阳', 'caoyang'],
    ],
  },
];
const PRESIDIUM: Array<[string, string]> = [
  ['刘建国', 'liujianguo'],
  ['陈秀英', 'chenxiuying'],
  ['杨志强', 'yangzhiqiang'],
];
const ADMIN: [string, string] = ['黄丽', 'huangli'];

export interface SampleSeed {
  orgId: number;
  planIds: number[];
  tasks: number;
  items: number;
  people: number;
}

const cut = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s);

function scheduleOf(it: ExtractedItem): Record<string, unknown> | null {
  const s = it.schedule ?? it.scope;
  if (!s || (!s.window && !s.deadline && !s.recurrence)) return null;
  // The simulated year replaces a year written in the sample text ("2018年").
  return { window: s.window, deadline: s.deadline, recurrence: s.recurrence, times: s.times, year: null };
}

/**
 * Imports the sample plans (extractPlans) for `year` with the demo people, owners assigned
 * round-robin within the unit the text names (else round-robin over the units), and activates them.
 */
export async function seedSample(app: INestApplicationContext, text: string, year: number, activate = true): Promise<SampleSeed> {
  const db = app.get(DataSource);
  if (await db.getRepository(Org).existsBy({ name: DEMO_ORG }))
    throw new Error(`数据库里已有示例组织“${DEMO_ORG}”：请换一个新的数据目录（DUCHA_DATA_DIR / DATABASE_URL）再运行 --sample`);
  const people = app.get(PeopleService);
  const plans = app.get(PlansService);
  const org = await people.createOrg({ name: DEMO_ORG, timeZone: 'Asia/Shanghai' });
  const person = (name: string, login: string, roles: Role[], unitId: number | null) =>
    people.createPerson({ orgId: org.id, unitId, name, roles, email: `${login}@${DEMO_DOMAIN}` });
  let count = 0;
  await person(ADMIN[0], ADMIN[1], ['admin'], null);
  for (const [name, login] of PRESIDIUM) await person(name, login, ['presidium'], null);
  count += 1 + PRESIDIUM.length;
  const units: Array<{ id: number; match: RegExp; staff: number[]; next: number }> = [];
  for (const u of UNITS) {
    const unit = await people.createUnit({ orgId: org.id, name: u.name });
    const head = await person(u.head[0], u.head[1], ['unit_head'], unit.id);
    await people.updateUnit(unit.id, { headId: head.id });
    const staff: number[] = [];
    for (const [name, login] of u.staff) staff.push((await person(name, login, ['staff'], unit.id)).id);
    units.push({ id: unit.id, match: u.match, staff, next: 0 });
    count += 1 + staff.length;
  }
  const extracted = extractPlans(text);
  const planIds: number[] = [];
  let tasks = 0;
  let items = 0;
  let rr = 0;
  for (const [k, p] of extracted.entries()) {
    const dto = {
      orgId: org.id,
      year,
      title: cut(`${year}年 ${p.title ?? `工作计划${k + 1}`}`, 300),
      items: p.items.map((it) => {
        const unit = units.find((u) => it.unit && u.match.test(it.unit)) ?? units[rr++ % units.length];
        const ownerId = unit.staff[unit.next++ % unit.staff.length];
        return {
          title: cut(it.title, 300),
          timeText: it.timeText ? cut(it.timeText, 200) : null,
          schedule: scheduleOf(it),
          sectionPath: it.section.slice(0, 10).map((s) => cut(s, 200)),
          sourceQuote: cut(it.quote, 20000),
          ownerId,
          unitId: unit.id,
          evidenceRequirements: it.evidence.map((e) => ({ kind: cut(e.kind, 40), min: Math.max(1, Math.min(e.min, 100)) })),
        };
      }),
    };
    const plan = await plans.create(dto);
    items += plan.items.length;
    if (activate) tasks += (await plans.activate(plan.id)).tasks;
    planIds.push(plan.id);
  }
  return { orgId: org.id, planIds, tasks, items, people: count };
}
