import type { RouteRecordRaw } from 'vue-router';
import { messages as m } from '@/locales/zh-CN';

export const caseRoutes: RouteRecordRaw[] = [
  { path: 'todo', name: 'todo', component: () => import('@/pages/cases/TodoPage.vue'), meta: { title: m.nav.todo } },
  { path: 'cases', name: 'cases', component: () => import('@/pages/cases/CaseListPage.vue'), meta: { title: m.nav.cases } },
  { path: 'cases/new', name: 'case-new', component: () => import('@/pages/cases/CaseCreatePage.vue'), meta: { title: m.nav.newCase, roles: ['inspector', 'supervisor'] } },
  { path: 'cases/:id', name: 'case', component: () => import('@/pages/cases/CaseDetailPage.vue'), meta: { title: m.cases.facts } },
];
