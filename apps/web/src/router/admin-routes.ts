import type { RouteRecordRaw } from 'vue-router';
import { messages as m } from '@/locales/zh-CN';

export const adminRoutes: RouteRecordRaw[] = [
  { path: 'admin/regions', name: 'admin-regions', component: () => import('@/pages/admin/RegionsPage.vue'), meta: { title: m.nav.regions, roles: ['admin'] } },
  { path: 'admin/units', name: 'admin-units', component: () => import('@/pages/admin/UnitsPage.vue'), meta: { title: m.nav.units, roles: ['admin'] } },
  { path: 'admin/users', name: 'admin-users', component: () => import('@/pages/admin/UsersPage.vue'), meta: { title: m.nav.users, roles: ['admin'] } },
  { path: 'admin/policies', name: 'admin-policies', component: () => import('@/pages/admin/PoliciesPage.vue'), meta: { title: m.nav.policies, roles: ['admin'] } },
  { path: 'admin/calendar', name: 'admin-calendar', component: () => import('@/pages/admin/CalendarPage.vue'), meta: { title: m.nav.calendar, roles: ['admin'] } },
  { path: 'admin/webhooks', name: 'admin-webhooks', component: () => import('@/pages/admin/WebhooksPage.vue'), meta: { title: m.nav.webhooks, roles: ['admin'] } },
];
