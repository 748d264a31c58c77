/**
 * Views and who may open them (hash routes: the server serves one page at `/`).
 * - `/#/command`: command-centre wall — every role;
 * - `/#/intersection/:id`: engineer view — engineers and admins;
 * - `/#/corridor/:id`: corridor time–space view and its timing suggestions — every role (review: engineers, admins);
 * - `/#/field`: field tablet — officers, engineers, admins;
 * - `/#/login`.
 * A signed-out visitor goes to the sign-in page and comes back after it; a role that may
 * not open a view goes to its own home.
 */
import { watch } from 'vue';
import { createRouter, createWebHashHistory, type RouteLocationNormalized } from 'vue-router';
import type { UserRole } from '../../services/contracts/identity.js';
import { session } from './api/index.js';

declare module 'vue-router' {
  interface RouteMeta {
    /** Roles that may open the view; absent = public (sign-in page). */
    roles?: readonly UserRole[];
    /** Colour theme: dark for the wall and desks, light high-contrast for tablets outdoors. */
    theme?: 'dark' | 'light';
  }
}

const ALL_ROLES: readonly UserRole[] = ['viewer', 'officer', 'engineer', 'admin'];
const ENGINEERS: readonly UserRole[] = ['engineer', 'admin'];
const OFFICERS: readonly UserRole[] = ['officer', 'engineer', 'admin'];

/** Where each role lands after signing in. */
export function homeOf(role: UserRole): string {
  return role === 'officer' ? '/field' : '/command';
}

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: () => (session.current.value ? homeOf(session.current.value.user.role) : '/login') },
    { path: '/login', name: 'login', component: () => import('./views/login/LoginView.vue'), meta: { theme: 'dark' } },
    { path: '/command', name: 'command', component: () => import('./views/command/CommandView.vue'), meta: { roles: ALL_ROLES, theme: 'dark' } },
    {
      path: '/intersection/:id?',
      name: 'intersection',
      component: () => import('./views/engineer/IntersectionView.vue'),
      meta: { roles: ENGINEERS, theme: 'dark' },
    },
    {
      path: '/corridor/:id?',
      name: 'corridor',
      component: () => import('./views/corridor/CorridorView.vue'),
      meta: { roles: ALL_ROLES, theme: 'dark' },
    },
    { path: '/field', name: 'field', component: () => import('./views/field/FieldView.vue'), meta: { roles: OFFICERS, theme: 'light' } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

/** Resolves once the session is known (the first refresh answered). */
function sessionKnown(): Promise<void> {
  if (session.status.value !== 'restoring') return Promise.resolve();
  return new Promise((resolve) => {
    const stop = watch(session.status, (status) => {
      if (status === 'restoring') return;
      stop();
      resolve();
    });
  });
}

export function guard(to: RouteLocationNormalized): true | string | { path: string; query: Record<string, string> } {
  const roles = to.meta.roles;
  if (!roles) return true;
  const active = session.current.value;
  if (!active) return { path: '/login', query: { redirect: to.fullPath } };
  if (!roles.includes(active.user.role)) return homeOf(active.user.role);
  return true;
}

router.beforeEach(async (to) => {
  await sessionKnown();
  return guard(to);
});

// A session that ends while a view is open (refused renewal, sign-out in another tab) returns to sign-in.
session.onChange((active) => {
  const current = router.currentRoute.value;
  if (!active && current.meta.roles) void router.replace({ path: '/login', query: { redirect: current.fullPath } });
});
