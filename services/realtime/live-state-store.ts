/**
 * The latest live picture — intersection states, area indices and open alerts —
 * from which every new subscriber gets its snapshot. In memory in embedded mode;
 * a Redis hash per kind in server mode, so any API node can answer a snapshot
 * whichever engine process computed the state.
 */
import type { Redis } from 'ioredis';
import type { Alert, AreaState, IntersectionState } from '../contracts/live.js';

export interface LivePicture {
  intersections: IntersectionState[];
  areas: AreaState[];
  alerts: Alert[];
}

export interface LiveStateStore {
  putIntersections(states: readonly IntersectionState[]): Promise<void>;
  putAreas(areas: readonly AreaState[]): Promise<void>;
  /** Keeps open and acknowledged alerts; a closed alert is dropped. */
  putAlert(alert: Alert): Promise<void>;
  read(): Promise<LivePicture>;
}

export function createMemoryLiveStateStore(): LiveStateStore {
  const intersections = new Map<string, IntersectionState>();
  const areas = new Map<string, AreaState>();
  const alerts = new Map<string, Alert>();
  return {
    async putIntersections(states) {
      for (const state of states) intersections.set(state.intersectionId, state);
    },
    async putAreas(list) {
      for (const area of list) areas.set(area.scope, area);
    },
    async putAlert(alert) {
      if (alert.status === 'closed') alerts.delete(alert.id);
      else alerts.set(alert.id, alert);
    },
    async read() {
      return { intersections: [...intersections.values()], areas: [...areas.values()], alerts: [...alerts.values()] };
    },
  };
}

/**
 * @param prefix key prefix, e.g. `zhidu` → `zhidu:live:intersections`
 */
export function createRedisLiveStateStore(redis: Redis, prefix = 'zhidu'): LiveStateStore {
  const key = (kind: string) => `${prefix}:live:${kind}`;
  const values = async <T>(kind: string): Promise<T[]> => Object.values(await redis.hgetall(key(kind))).map((v) => JSON.parse(v) as T);
  return {
    async putIntersections(states) {
      if (states.length === 0) return;
      await redis.hset(key('intersections'), Object.fromEntries(states.map((s) => [s.intersectionId, JSON.stringify(s)])));
    },
    async putAreas(list) {
      if (list.length === 0) return;
      await redis.hset(key('areas'), Object.fromEntries(list.map((a) => [a.scope, JSON.stringify(a)])));
    },
    async putAlert(alert) {
      if (alert.status === 'closed') await redis.hdel(key('alerts'), alert.id);
      else await redis.hset(key('alerts'), alert.id, JSON.stringify(alert));
    },
    async read() {
      const [intersections, areas, alerts] = await Promise.all([
        values<IntersectionState>('intersections'),
        values<AreaState>('areas'),
        values<Alert>('alerts'),
      ]);
      return { intersections, areas, alerts };
    },
  };
}
