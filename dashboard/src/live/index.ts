/**
 * Vue-facing live data: the shared connection, per-component scope subscriptions,
 * a ticking clock and staleness.
 */
import { computed, onScopeDispose, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue';
import type { CycleMeasures } from '../../../services/contracts/live.js';
import { serverClock, session } from '../api/index.js';
import { LiveConnection } from './live-connection.js';
import { isStale, STALE_AFTER_MS } from './staleness.js';

export const live = new LiveConnection(session);

const tick = shallowRef(Date.now());
let tickTimer: ReturnType<typeof setInterval> | undefined;
let tickUsers = 0;

/**
 * Local time, updated every second while some component uses it (clocks, ages, staleness).
 *
 * @example const now = useNow(); computed(() => now.value - start)
 */
export function useNow(): Readonly<ShallowRef<number>> {
  if (tickUsers++ === 0) {
    tick.value = Date.now();
    tickTimer = setInterval(() => {
      tick.value = Date.now();
    }, 1000);
  }
  onScopeDispose(() => {
    if (--tickUsers === 0) clearInterval(tickTimer);
  });
  return tick;
}

/**
 * Server time now (for ages from `sourceTs`), updated every second.
 *
 * @example const serverNow = useServerNow();
 */
export function useServerNow(): ComputedRef<number> {
  const now = useNow();
  return computed(() => now.value + serverClock.offsetMs());
}

/**
 * Subscribes the live connection to a scope for the life of the calling component;
 * a null scope subscribes to nothing. Returns the shared picture and connection state.
 *
 * @example const { picture, stale } = useLive(ref('city'));
 */
export function useLive(scope: Ref<string | null> | string) {
  let release: (() => void) | null = null;
  const startedAt = Date.now();
  const scopeRef = typeof scope === 'string' ? shallowRef(scope) : scope;
  watch(
    scopeRef,
    (next) => {
      release?.();
      release = next ? live.watch(next) : null;
    },
    { immediate: true },
  );
  onScopeDispose(() => release?.());
  const now = useNow();
  const stale = computed(() => isStale({ lastMessageAt: live.lastMessageAt.value, startedAt }, now.value));
  return {
    picture: live.picture,
    status: live.status,
    attempt: live.attempt,
    refusal: live.refusal,
    lastMessageAt: live.lastMessageAt,
    stale,
    staleAfterS: STALE_AFTER_MS / 1000,
  };
}

/**
 * Calls `listener` with every per-cycle measure pushed while the calling component lives.
 *
 * @example useCycles((cycle) => cycles.push(cycle));
 */
export function useCycles(listener: (cycle: CycleMeasures) => void): void {
  onScopeDispose(live.onCycle(listener));
}
