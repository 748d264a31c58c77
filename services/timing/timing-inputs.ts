/**
 * What a timing run reads: the plans in force (with their versions) and the measured demand of
 * the window, per intersection. I/O in, plain data out for the pure optimiser.
 */
import type { ResolvedIntersection } from '../../geo/network/load-network.js';
import type { NetworkIndex } from '../../geo/network/network-index.js';
import type { TimingPlan } from '../../geo/network/network.schema.js';
import { Errors, problem } from '../contracts/errors.js';
import { measuredDemand, type MeasuredDemand, type MeasuredDemandOptions } from '../engine/timing/measured-demand.js';
import type { SqlExecutor } from '../store/port.js';
import { movementWindow } from '../store/repositories/timing-demand.repository.js';
import { currentPlans } from '../store/repositories/timing-plan.repository.js';
import type { RunWindow } from './suggestion-window.js';

/** The plan in force at an intersection. */
export interface PlanInForce {
  version: number;
  plan: TimingPlan;
}

/**
 * The intersection, or ZHIDU_ERR_UNKNOWN_INTERSECTION.
 *
 * @example const intersection = knownIntersection(network, 'TJ01');
 */
export function knownIntersection(network: NetworkIndex, intersectionId: string, field = '/body/intersectionId'): ResolvedIntersection {
  const intersection = network.intersections.get(intersectionId);
  if (!intersection) throw problem(Errors.UNKNOWN_INTERSECTION, intersectionId, { errors: [{ field, reason: 'not in the network' }] });
  return intersection;
}

/**
 * The current stored plan of each intersection; the network file's plan is version 1 and is
 * always stored at start-up, so a missing one is a broken database, not bad input.
 *
 * @example (await plansInForce(store, ['TJ01'])).get('TJ01')?.version
 */
export async function plansInForce(sql: SqlExecutor, intersectionIds: readonly string[]): Promise<Map<string, PlanInForce>> {
  const stored = await currentPlans(sql);
  const result = new Map<string, PlanInForce>();
  for (const id of intersectionIds) {
    const plan = stored.get(id);
    if (!plan) throw new Error(`no stored timing plan for ${id}: the network plans are seeded at start-up`);
    result.set(id, { version: plan.version, plan: plan.plan });
  }
  return result;
}

/**
 * Measured demand of each intersection over the window.
 *
 * @example (await demandsOver(store, [tj01], window)).get('TJ01')?.ok
 */
export async function demandsOver(
  sql: SqlExecutor,
  intersections: readonly ResolvedIntersection[],
  window: RunWindow,
  options: MeasuredDemandOptions = {},
): Promise<Map<string, MeasuredDemand>> {
  const rows = await movementWindow(
    sql,
    intersections.map((i) => i.id),
    window.from,
    window.to,
  );
  const windowMinutes = (window.to - window.from) / 60_000;
  return new Map(intersections.map((i) => [i.id, measuredDemand(i, rows.filter((r) => r.intersectionId === i.id), windowMinutes, options)]));
}
