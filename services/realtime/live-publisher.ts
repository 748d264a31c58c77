/**
 * Pushes the engine's outputs to subscribers (DESIGN §10): `state` deltas at most
 * twice a second per intersection (coalesced: the newest state wins), `cycle`,
 * `alert` and `suggestion` as they happen, each to the rooms of the scopes that
 * show it. The live store is updated first, so a snapshot is never older than a push.
 * Works on an attached socket.io server or a detached one emitting through the
 * Redis adapter (an engine process without HTTP).
 */
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Namespace } from 'socket.io';
import type { NetworkIndex } from '../../geo/network/network-index.js';
import type { Alert, AreaState, ClientToServerEvents, CycleMeasures, IntersectionState, ServerToClientEvents, SuggestionNotice } from '../contracts/live.js';
import type { LiveStateStore } from './live-state-store.js';
import { scopesOfAlert, scopesOfArea, scopesOfIntersection } from './scopes.js';

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

export interface LivePublisher {
  /** New intersection states and area indices from the engine. */
  publishState(intersections: readonly IntersectionState[], areas: readonly AreaState[]): Promise<void>;
  publishCycle(cycle: CycleMeasures): void;
  publishAlert(alert: Alert): Promise<void>;
  publishSuggestion(notice: SuggestionNotice): void;
  /** Sends what is still coalescing and stops the timers. */
  close(): void;
}

export interface LivePublisherOptions {
  namespace: LiveNamespace;
  network: NetworkIndex;
  store: LiveStateStore;
  logger: Logger;
  registry: Registry;
  /** Minimum time between two `state` pushes of one intersection (DESIGN §10: ≤ 2 Hz). */
  minIntervalMs?: number;
  now?: () => number;
}

/** Groups states by room so each room gets one delta. */
function byRoom<T>(items: readonly T[], roomsOf: (item: T) => string[]): Map<string, T[]> {
  const rooms = new Map<string, T[]>();
  for (const item of items) {
    for (const room of roomsOf(item)) {
      let list = rooms.get(room);
      if (!list) rooms.set(room, (list = []));
      list.push(item);
    }
  }
  return rooms;
}

export function createLivePublisher(options: LivePublisherOptions): LivePublisher {
  const { namespace, network, store, logger } = options;
  const minIntervalMs = options.minIntervalMs ?? 500;
  const now = options.now ?? Date.now;
  const sent = new Counter({
    name: 'zhidu_live_messages_total',
    help: 'Live messages pushed to socket.io rooms, by event',
    labelNames: ['event'] as const,
    registers: [options.registry],
  });
  const lastSentAt = new Map<string, number>();
  const pending = new Map<string, IntersectionState>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const emitStates = (states: readonly IntersectionState[], areas: readonly AreaState[]): void => {
    if (states.length === 0 && areas.length === 0) return;
    const stateRooms = byRoom(states, (s) => scopesOfIntersection(s.intersectionId, network));
    const areaRooms = byRoom(areas, (a) => scopesOfArea(a));
    for (const room of new Set([...stateRooms.keys(), ...areaRooms.keys()])) {
      const roomStates = stateRooms.get(room) ?? [];
      const roomAreas = areaRooms.get(room) ?? [];
      const sourceTs = Math.max(0, ...roomStates.map((s) => s.sourceTs), ...roomAreas.map((a) => a.sourceTs));
      namespace.to(room).emit('state', { sourceTs, intersections: roomStates, areas: roomAreas });
      sent.inc({ event: 'state' });
    }
  };

  const flushDue = (): void => {
    timer = undefined;
    if (closed) return;
    const at = now();
    const due: IntersectionState[] = [];
    let nextDue = Infinity;
    for (const [id, state] of pending) {
      const readyAt = (lastSentAt.get(id) ?? 0) + minIntervalMs;
      if (readyAt <= at) {
        due.push(state);
        pending.delete(id);
        lastSentAt.set(id, at);
      } else nextDue = Math.min(nextDue, readyAt);
    }
    emitStates(due, []);
    if (nextDue < Infinity) timer = setTimeout(flushDue, nextDue - at);
  };

  return {
    async publishState(intersections, areas) {
      await Promise.all([store.putIntersections(intersections), store.putAreas(areas)]);
      if (closed) return;
      const at = now();
      const immediate: IntersectionState[] = [];
      for (const state of intersections) {
        const last = lastSentAt.get(state.intersectionId) ?? -Infinity;
        if (at - last >= minIntervalMs && !pending.has(state.intersectionId)) {
          immediate.push(state);
          lastSentAt.set(state.intersectionId, at);
        } else {
          pending.set(state.intersectionId, state);
        }
      }
      emitStates(immediate, areas);
      if (pending.size > 0 && !timer) {
        const earliest = Math.min(...[...pending.keys()].map((id) => (lastSentAt.get(id) ?? 0) + minIntervalMs));
        timer = setTimeout(flushDue, Math.max(0, earliest - at));
      }
    },
    publishCycle(cycle) {
      namespace.to(`intersection:${cycle.intersectionId}`).emit('cycle', cycle);
      sent.inc({ event: 'cycle' });
    },
    async publishAlert(alert) {
      await store.putAlert(alert);
      const rooms = scopesOfAlert(alert, network);
      namespace.to(rooms).emit('alert', alert);
      sent.inc({ event: 'alert' });
    },
    publishSuggestion(notice) {
      const rooms = [
        ...(notice.intersectionId ? scopesOfIntersection(notice.intersectionId, network) : []),
        ...(notice.corridorId ? [`corridor:${notice.corridorId}`] : []),
      ];
      if (rooms.length === 0) {
        logger.warn({ notice }, 'suggestion notice names neither an intersection nor a corridor');
        return;
      }
      namespace.to([...new Set(rooms)]).emit('suggestion', notice);
      sent.inc({ event: 'suggestion' });
    },
    close() {
      clearTimeout(timer);
      timer = undefined;
      const rest = [...pending.values()];
      pending.clear();
      emitStates(rest, []);
      closed = true;
    },
  };
}
