/**
 * The timing plan in force at an intersection: the highest stored version (an exported
 * suggestion or a manual plan), not the network file's plan. Reloaded when a suggestion
 * touching it is exported, and when the live state reports another plan id (the engine
 * pushes the state as soon as it takes a new plan, also one exported elsewhere).
 * Until it is loaded, or when it cannot be, the network file's plan stands in.
 */
import { computed, onScopeDispose, shallowRef, watch, type Ref } from 'vue';
import type { TimingPlan } from '../../../../geo/network/network.schema.js';
import type { PlanVersionSummary } from '../../../../services/contracts/timing.js';
import { getPlanVersion, listPlanVersions } from '../../api/timing-api.js';
import { live } from '../../live/index.js';

export interface PlanInForce {
  plan: TimingPlan;
  /** The stored version, or null while the network file's plan stands in. */
  version: PlanVersionSummary | null;
}

export function usePlanInForce(intersectionId: Ref<string | null>, filePlan: Ref<TimingPlan | null>, livePlanId: Ref<string | undefined>) {
  const stored = shallowRef<{ intersectionId: string; plan: TimingPlan; version: PlanVersionSummary } | null>(null);
  let request = 0;

  const load = async (id: string) => {
    const mine = ++request;
    try {
      const { items } = await listPlanVersions(id);
      const current = items.reduce<PlanVersionSummary | undefined>((best, v) => (!best || v.version > best.version ? v : best), undefined);
      if (!current) return;
      const full = await getPlanVersion(id, current.version);
      const { plan, ...summary } = full;
      if (mine === request) stored.value = { intersectionId: id, plan, version: summary };
    } catch {
      // The file's plan stands in; the next plan change on the live state tries again.
    }
  };

  watch(
    () => [intersectionId.value, livePlanId.value] as const,
    ([id, planId]) => {
      if (!id) return;
      const have = stored.value;
      if (have && have.intersectionId === id && (planId === undefined || have.plan.id === planId)) return;
      void load(id);
    },
    { immediate: true },
  );

  onScopeDispose(
    live.onSuggestion((notice) => {
      // A corridor export changes the plans of its intersections: reload on any corridor export too.
      const touches = notice.intersectionId === intersectionId.value || notice.corridorId !== null;
      if (notice.status === 'exported' && touches && intersectionId.value) void load(intersectionId.value);
    }),
  );

  return computed<PlanInForce | null>(() => {
    const have = stored.value;
    if (have && have.intersectionId === intersectionId.value) return { plan: have.plan, version: have.version };
    return filePlan.value ? { plan: filePlan.value, version: null } : null;
  });
}
