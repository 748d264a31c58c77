/**
 * Subscription scopes of the live protocol (DESIGN §10) and which scopes a
 * message belongs to. Pure; the server uses one socket.io room per scope.
 */
import { isInZone } from '../../geo/geometry.js';
import type { NetworkIndex } from '../../geo/network/network-index.js';
import type { Alert, AreaState, IntersectionState } from '../contracts/live.js';

export type ScopeKind = 'city' | 'district' | 'corridor' | 'intersection';

export interface ParsedScope {
  kind: ScopeKind;
  /** The district, corridor or intersection id; empty for `city`. */
  id: string;
  /** Canonical text, also the room name. */
  text: string;
}

export type ScopeResult = { ok: true; scope: ParsedScope } | { ok: false; reason: string };

/**
 * Parses and checks a scope against the network.
 *
 * @example parseScope('district:heping', index) // { ok: true, scope: { kind: 'district', id: 'heping', text: 'district:heping' } }
 */
export function parseScope(text: unknown, network: NetworkIndex): ScopeResult {
  if (typeof text !== 'string' || text.length > 100) return { ok: false, reason: 'scope must be a string such as "city" or "intersection:<id>"' };
  if (text === 'city') return { ok: true, scope: { kind: 'city', id: '', text } };
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon);
  const id = text.slice(colon + 1);
  const known =
    (kind === 'district' && network.districts.has(id)) ||
    (kind === 'corridor' && network.corridors.has(id)) ||
    (kind === 'intersection' && network.intersections.has(id));
  if (colon < 0 || !['district', 'corridor', 'intersection'].includes(kind)) {
    return { ok: false, reason: `unknown scope kind in "${text}": use city, district:<id>, corridor:<id> or intersection:<id>` };
  }
  if (!known) return { ok: false, reason: `no ${kind} "${id}" in the network` };
  return { ok: true, scope: { kind: kind as ScopeKind, id, text } };
}

/**
 * Rooms that show an intersection: the city, its district, its corridors and itself.
 *
 * @example scopesOfIntersection('TJ05', index) // ['city', 'district:heping', 'corridor:nanjing-rd', 'intersection:TJ05']
 */
export function scopesOfIntersection(intersectionId: string, network: NetworkIndex): string[] {
  const intersection = network.intersections.get(intersectionId);
  if (!intersection) return [];
  return ['city', `district:${intersection.district}`, ...intersection.corridors.map((c) => `corridor:${c}`), `intersection:${intersectionId}`];
}

/**
 * Rooms that show an area index: the city view lists every district and corridor, and the
 * area's own view shows it.
 *
 * @example scopesOfArea({ scope: 'district:heping' } as AreaState) // ['city', 'district:heping']
 */
export function scopesOfArea(area: Pick<AreaState, 'scope'>): string[] {
  return area.scope === 'city' ? ['city'] : ['city', area.scope];
}

/**
 * Rooms that show an alert: those of its intersection, or for an incident placed by
 * position only, the city and the district containing it.
 */
export function scopesOfAlert(alert: Pick<Alert, 'intersectionId' | 'position'>, network: NetworkIndex): string[] {
  if (alert.intersectionId) return scopesOfIntersection(alert.intersectionId, network);
  const rooms = ['city'];
  if (alert.position) {
    for (const district of network.districts.values()) {
      if (isInZone(alert.position, district.polygon)) rooms.push(`district:${district.id}`);
    }
  }
  return rooms;
}

/**
 * Whether something belonging to `rooms` is shown in `scope`.
 *
 * @example inScope(['city', 'district:heping'], 'district:heping') // true
 */
export function inScope(rooms: readonly string[], scope: string): boolean {
  return rooms.includes(scope);
}

/** Filters intersection states to a scope. */
export function intersectionsInScope(states: readonly IntersectionState[], scope: string, network: NetworkIndex): IntersectionState[] {
  return states.filter((state) => inScope(scopesOfIntersection(state.intersectionId, network), scope));
}
