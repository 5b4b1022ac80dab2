import { DomainError, forbidden } from '../common/errors.js';
import type { Role } from '../people/person.entity.js';

/** The authenticated caller. */
export interface Actor {
  id: number;
  orgId: number;
  unitId: number | null;
  roles: Role[];
  name: string;
  tokenId: number;
  /** The org's time zone, when the sign-in read it (auth.service.ts): spares the routes a lookup. */
  timeZone?: string;
}

/** What access decisions need to know about a task. */
export interface TaskScope {
  orgId: number;
  ownerId: number | null;
  unitId: number | null;
  /** 配合单位 of the task's item. */
  coUnitIds: number[];
}

export const hasRole = (a: Pick<Actor, 'roles'>, ...roles: Role[]): boolean => roles.some((r) => a.roles.includes(r));

const isUnitHeadOf = (a: Actor, unitId: number | null): boolean => hasRole(a, 'unit_head') && a.unitId != null && unitId === a.unitId;

/**
 * Reading a task: admins and presidium members read everything in their org; staff their own tasks
 * and those of units they work with (配合单位); unit heads their unit's tasks.
 */
export function canReadTask(a: Actor, t: TaskScope): boolean {
  if (a.orgId !== t.orgId) return false;
  if (hasRole(a, 'admin', 'presidium')) return true;
  if (t.ownerId === a.id || isUnitHeadOf(a, t.unitId)) return true;
  return a.unitId != null && t.coUnitIds.includes(a.unitId);
}

/** Doing the work (evidence, submit, extension request): the owner, or the head of the task's unit. */
export function canWorkOnTask(a: Actor, t: TaskScope): boolean {
  return a.orgId === t.orgId && (t.ownerId === a.id || isUnitHeadOf(a, t.unitId));
}

/**
 * Reviewing (accept, return, extensions, partial submission): presidium, or the head of the task's
 * unit — but never the task's own owner: nobody approves their own work or their own extension.
 */
export function canReviewTask(a: Actor, t: TaskScope): boolean {
  return a.orgId === t.orgId && t.ownerId !== a.id && (hasRole(a, 'presidium') || isUnitHeadOf(a, t.unitId));
}

/** Cancelling a task is an admin's act. */
export function canCancelTask(a: Actor, t: TaskScope): boolean {
  return a.orgId === t.orgId && hasRole(a, 'admin');
}

export const FORBIDDEN = {
  read: '无权查看此任务：只能查看本人负责、本单位（单位负责人）或配合单位的任务',
  work: '无权办理此任务：只有责任人或责任单位负责人可以上传佐证、提交或申请延期',
  review: '无权审核此任务：只有主席团成员或责任单位负责人可以审核，且不能审核本人负责的任务',
  cancel: '无权取消此任务：只有管理员可以取消',
  org: '无权访问其他组织的数据',
  admin: '此操作只有本组织的管理员可以进行',
} as const;

/** Everyone is confined to their own org; writes need the admin role. */
export function assertOrg(a: Actor, orgId: number, opts: { admin?: boolean } = {}): void {
  if (a.orgId !== orgId) throw forbidden(FORBIDDEN.org);
  if (opts.admin && !hasRole(a, 'admin')) throw forbidden(FORBIDDEN.admin);
}

export function assertAdmin(a: Actor): void {
  if (!hasRole(a, 'admin')) throw forbidden(FORBIDDEN.admin);
}

export function assertTask(check: (a: Actor, t: TaskScope) => boolean, a: Actor, t: TaskScope, message: string): void {
  if (!check(a, t)) throw forbidden(message);
}

export type { DomainError };
