/**
 * The session endpoints the dashboard calls (contracts in `services/contracts/auth.ts`):
 * `POST /api/v1/auth/login {name, password}` and `POST /api/v1/auth/refresh` (HttpOnly cookie
 * on `/api/v1/auth`) answer a `SessionResponse`; `POST /api/v1/auth/logout` revokes the session.
 */
export type { SessionResponse as SessionGrant, UserSummary as SessionUser } from '../../../services/contracts/auth.js';

export const AUTH_PATHS = {
  login: '/api/v1/auth/login',
  refresh: '/api/v1/auth/refresh',
  logout: '/api/v1/auth/logout',
  me: '/api/v1/auth/me',
} as const;
