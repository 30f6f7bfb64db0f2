import type { RouteRecordRaw } from 'vue-router';
import { messages as m } from '@/locales/zh-CN';

export const supervisionRoutes: RouteRecordRaw[] = [
  { path: 'escalations', name: 'escalations', component: () => import('@/pages/escalations/EscalationInboxPage.vue'), meta: { title: m.nav.escalations, roles: ['supervisor', 'bureau', 'admin'] } },
  { path: 'revisits', name: 'revisits', component: () => import('@/pages/revisits/CampaignsPage.vue'), meta: { title: m.nav.revisits, roles: ['supervisor', 'inspector', 'admin'] } },
  { path: 'scorecards', name: 'scorecards', component: () => import('@/pages/scorecards/ScorecardsPage.vue'), meta: { title: m.nav.scorecards, roles: ['supervisor', 'inspector', 'admin'] } },
  { path: 'assignment-rules', name: 'rules', component: () => import('@/pages/assignment/AssignmentRulesPage.vue'), meta: { title: m.nav.rules, roles: ['supervisor', 'admin'] } },
  { path: 'imports', name: 'imports', component: () => import('@/pages/ledger/ImportPage.vue'), meta: { title: m.nav.ledgerImport, roles: ['supervisor', 'inspector', 'admin'] } },
  { path: 'reports', name: 'reports', component: () => import('@/pages/reports/ReportsPage.vue'), meta: { title: m.nav.reports, roles: ['supervisor', 'inspector', 'admin'] } },
  { path: 'workflow', name: 'workflow', component: () => import('@/pages/workflow/WorkflowPage.vue'), meta: { title: m.nav.workflow } },
];
