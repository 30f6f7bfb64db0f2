import type { RouteRecordRaw } from 'vue-router';
import { prefetchCase, prefetchCaseList, prefetchTodo } from '@/api/case-reads';
import { messages as m } from '@/locales/zh-CN';

export const caseRoutes: RouteRecordRaw[] = [
  { path: 'todo', name: 'todo', component: () => import('@/pages/cases/TodoPage.vue'), meta: { title: m.nav.todo },
    beforeEnter: (to) => prefetchTodo(to.query) },
  { path: 'cases', name: 'cases', component: () => import('@/pages/cases/CaseListPage.vue'), meta: { title: m.nav.cases },
    beforeEnter: (to) => prefetchCaseList(to.query) },
  { path: 'cases/new', name: 'case-new', component: () => import('@/pages/cases/CaseCreatePage.vue'), meta: { title: m.nav.newCase, roles: ['inspector', 'supervisor'] } },
  { path: 'cases/:id', name: 'case', component: () => import('@/pages/cases/CaseDetailPage.vue'), meta: { title: m.cases.facts },
    beforeEnter: (to) => prefetchCase(String(to.params.id)) },
];
