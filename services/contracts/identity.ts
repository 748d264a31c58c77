/**
 * Who is calling (DESIGN §12): a signed-in user with a role, or a feed holding an
 * API key scoped to intersections. Shared by HTTP routes, socket.io and jobs.
 */

export const USER_ROLES = ['viewer', 'officer', 'engineer', 'admin'] as const;
/** viewer: command-centre screens (read); officer: field (read, acknowledge, report);
 *  engineer: read, edit and approve timing plans; admin: users, keys, configuration, audit. */
export type UserRole = (typeof USER_ROLES)[number];

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  name: string;
  role: UserRole;
  /** Refresh session the access token belongs to (revoked on logout). */
  sessionId: string;
}

export interface FeedPrincipal {
  kind: 'feed';
  keyId: string;
  name: string;
  /** Intersections the key may write; `null` = all. */
  intersections: readonly string[] | null;
}

export type Principal = UserPrincipal | FeedPrincipal;

/**
 * What a route allows, declared on every route (`config.access`); a route without
 * one fails at start-up, so the default is deny.
 * - `public`: anyone (health, docs, login);
 * - `feed`: feed API keys only (ingest);
 * - `{ roles }`: signed-in users with one of these roles.
 */
export type RouteAccess = 'public' | 'feed' | { roles: readonly UserRole[] };

/** Role sets used by most routes. */
export const ANY_USER: RouteAccess = { roles: USER_ROLES };
export const OFFICERS: RouteAccess = { roles: ['officer', 'engineer', 'admin'] };
export const ENGINEERS: RouteAccess = { roles: ['engineer', 'admin'] };
export const ADMINS: RouteAccess = { roles: ['admin'] };

/**
 * Whether a feed key may write records of an intersection.
 *
 * @example feedMayWrite({ intersections: ['TJ01'] } as FeedPrincipal, 'TJ02') // false
 */
export function feedMayWrite(feed: Pick<FeedPrincipal, 'intersections'>, intersectionId: string): boolean {
  return feed.intersections === null || feed.intersections.includes(intersectionId);
}
