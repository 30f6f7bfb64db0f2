import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { setUnauthorizedHandler } from '@/api/client';
import { isLoggedIn, session } from '@/api/session';
import AppLayout from '@/layouts/AppLayout.vue';
import { messages as m } from '@/locales/zh-CN';
import { adminRoutes } from './admin-routes';
import { caseRoutes } from './case-routes';
import { supervisionRoutes } from './supervision-routes';

type Role = 'inspector' | 'bureau' | 'supervisor' | 'admin';
declare module 'vue-router' {
  interface RouteMeta {
    /** Roles that may open the page; absent = every logged-in user. */
    roles?: Role[];
    title?: string;
    public?: boolean;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/pages/auth/LoginPage.vue'), meta: { public: true, title: m.auth.login } },
  {
    path: '/',
    component: AppLayout, // every page but the login sits in it: loaded with the app, not after it
    children: [{ path: '', redirect: { name: 'todo' } }, ...caseRoutes, ...supervisionRoutes, ...adminRoutes],
  },
  { path: '/:pathMatch(.*)*', redirect: { name: 'todo' } },
];

export const router = createRouter({ history: createWebHistory(), routes });

/** The one permission check of the app: a route's roles against the logged-in user's role. */
router.beforeEach((to) => {
  if (to.meta.public) return true;
  if (!isLoggedIn()) return { name: 'login', query: { redirect: to.fullPath } };
  const roles = to.matched.flatMap((r) => r.meta.roles ?? []);
  if (roles.length && !roles.includes(session.user!.role)) return { name: 'todo' };
  return true;
});
router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · ${m.app.title}` : m.app.title;
});

setUnauthorizedHandler(() => {
  const current = router.currentRoute.value;
  if (current.name !== 'login') void router.push({ name: 'login', query: { redirect: current.fullPath, expired: '1' } });
});
