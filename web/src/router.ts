import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { api, session, whenUnauthorized, type Person } from './lib/api';
import { hasRole } from './lib/labels';
import { setServerNow } from './lib/time';

const REVIEWERS = ['presidium', 'unit_head', 'admin'];
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: { render: () => null } },
  { path: '/login', name: 'login', component: () => import('./pages/Login.vue'), meta: { public: true, title: '登录' } },
  { path: '/my', name: 'my', component: () => import('./pages/MyTasks.vue'), meta: { title: '我的任务' } },
  { path: '/tasks/:id(\\d+)', name: 'task', component: () => import('./pages/TaskPage.vue'), meta: { title: '任务详情' } },
  { path: '/board', component: () => import('./pages/Board.vue'), meta: { title: '督查看板', roles: REVIEWERS, desk: true } },
  { path: '/review', component: () => import('./pages/Review.vue'), meta: { title: '待审核', roles: REVIEWERS, desk: true } },
  { path: '/overdue', component: () => import('./pages/Overdue.vue'), meta: { title: '逾期任务', roles: REVIEWERS, desk: true } },
  { path: '/reports', component: () => import('./pages/Reports.vue'), meta: { title: '季度通报', roles: ['presidium', 'admin'], desk: true } },
  { path: '/office/import', component: () => import('./pages/office/Import.vue'), meta: { title: '导入工作计划', roles: ['admin'], desk: true } },
  { path: '/office/plans/:id(\\d+)', component: () => import('./pages/office/PlanEdit.vue'), meta: { title: '计划审核', roles: ['admin'], desk: true } },
  { path: '/office/people', component: () => import('./pages/office/People.vue'), meta: { title: '人员与单位', roles: ['admin'], desk: true } },
  { path: '/office/policy', component: () => import('./pages/office/Policy.vue'), meta: { title: '提醒规则', roles: ['admin'], desk: true } },
  {
    path: '/office/notifications',
    component: () => import('./pages/office/Notifications.vue'),
    meta: { title: '发送失败的提醒', roles: ['admin', 'presidium'], desk: true },
  },
  { path: '/office/burden', component: () => import('./pages/office/Burden.vue'), meta: { title: '工作负担', roles: ['admin'], desk: true } },
  { path: '/:rest(.*)*', component: () => import('./pages/NotFound.vue'), meta: { public: true, title: '页面不存在' } },
];

export const router = createRouter({ history: createWebHistory(), routes });

/** Where a person lands when no link named a page. */
export function homeOf(p: Person): string {
  if (hasRole(p.roles, 'admin')) return '/office/import';
  if (hasRole(p.roles, 'presidium')) return '/board';
  return '/my';
}

let clockRead = false;
export async function loadMe(): Promise<Person | null> {
  if (!session.token) return null;
  if (!session.person) session.person = await api.get<Person>('/auth/me').catch(() => null);
  if (!clockRead) {
    clockRead = true;
    await api.get<{ now?: string; clock?: { now?: string } }>('/health').then(
      (h) => setServerNow(h.now ?? h.clock?.now ?? new Date().toISOString()),
      () => undefined,
    );
  }
  return session.person;
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const me = await loadMe();
  if (!me) return { path: '/login', query: { next: to.fullPath } };
  if (to.name === 'home') return homeOf(me);
  return true;
});
router.afterEach((to) => {
  document.title = `${(to.meta.title as string) ?? ''} · 督查`;
});

whenUnauthorized(() => {
  session.person = null;
  const here = router.currentRoute.value;
  if (here.path !== '/login') router.replace({ path: '/login', query: { next: here.fullPath, expired: '1' } });
});
