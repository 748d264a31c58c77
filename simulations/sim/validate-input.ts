/**
 * Checks a simulation's options before anything runs: every fault is reported at once, with
 * the path of the option and the reason (plans must pass the same rules as the network's own).
 */
import { Value } from '@sinclair/typebox/value';
import { joinPath, pointerToPath, type NetworkFault } from '../../geo/network/fault.js';
import { laneCount } from '../../geo/network/lanes.js';
import type { Network, ResolvedIntersection } from '../../geo/network/load-network.js';
import { TimingPlanSchema, type TimingPlan } from '../../geo/network/network.schema.js';
import { checkPlan } from '../../geo/network/plan-rules.js';
import { isScenarioName } from '../scenarios/profiles.js';
import type { DetectorFaultKind, ModelParameters, SimulationOptions } from './types.js';

const FAULT_KINDS: readonly DetectorFaultKind[] = ['stuck-on', 'dead', 'chatter'];
const MAX_DURATION_S = 7 * 86_400;

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Faults of a plan for an intersection: structure, ring-barrier rules, and every phase the
 * intersection's movements use must be in the plan (or their vehicles would never be served).
 *
 * @example planFaults(intersection, plan, 'plans.TJ01') // [] when the plan fits
 */
export function planFaults(intersection: ResolvedIntersection, plan: unknown, path: string): NetworkFault[] {
  const structural = [...Value.Errors(TimingPlanSchema, plan)].slice(0, 20).map((e) => ({ path: joinPath(path, pointerToPath(e.path)), reason: e.message }));
  if (structural.length > 0) return structural;
  const typed = plan as TimingPlan;
  const faults = checkPlan(typed, path);
  const phases = new Set(typed.rings.flat());
  for (const approach of intersection.approaches) {
    for (const movement of approach.movements) {
      if (!phases.has(movement.phase)) {
        faults.push({ path: joinPath(path, 'rings'), reason: `phase ${movement.phase} (${approach.id} ${movement.type}) is in no ring` });
      }
    }
  }
  return faults;
}

function windowFaults(item: { startTs?: unknown; durationS?: unknown }, at: (field: string) => string): NetworkFault[] {
  const faults: NetworkFault[] = [];
  if (!isFiniteNumber(item.startTs)) faults.push({ path: at('startTs'), reason: 'must be an epoch time in ms' });
  if (!isFiniteNumber(item.durationS) || item.durationS <= 0 || item.durationS > MAX_DURATION_S) {
    faults.push({ path: at('durationS'), reason: `must be a number of seconds in (0, ${MAX_DURATION_S}]` });
  }
  return faults;
}

/**
 * Every fault of a simulation's options.
 *
 * @example validateSimulationOptions({ ...options, seed: 1.5 }) // [{ path: 'seed', reason: 'must be a safe integer' }]
 */
export function validateSimulationOptions(options: SimulationOptions): NetworkFault[] {
  const faults: NetworkFault[] = [];
  const { network } = options;
  if (!network || !Array.isArray(network.intersections) || network.intersections.length === 0) {
    return [{ path: 'network', reason: 'must be a loaded network with intersections' }];
  }
  if (!isScenarioName(options.scenario)) faults.push({ path: 'scenario', reason: `unknown scenario ${String(options.scenario)}` });
  if (!Number.isSafeInteger(options.seed)) faults.push({ path: 'seed', reason: 'must be a safe integer' });
  if (!isFiniteNumber(options.startTs) || !Number.isInteger(options.startTs)) faults.push({ path: 'startTs', reason: 'must be an epoch time in whole ms' });
  if (options.warmUpS !== undefined && (!isFiniteNumber(options.warmUpS) || options.warmUpS < 0 || options.warmUpS > 86_400)) {
    faults.push({ path: 'warmUpS', reason: 'must be between 0 and 86400 s' });
  }
  if (options.controllerMode !== undefined && options.controllerMode !== 'fixed' && options.controllerMode !== 'actuated') {
    faults.push({ path: 'controllerMode', reason: "must be 'fixed' or 'actuated'" });
  }
  const intersections = new Map(network.intersections.map((i) => [i.id, i]));
  for (const [id, plan] of options.plans ?? []) {
    const intersection = intersections.get(id);
    if (!intersection) faults.push({ path: joinPath('plans', id), reason: `unknown intersection ${id}` });
    else faults.push(...planFaults(intersection, plan, joinPath('plans', id)));
  }
  if (options.arrivalProcess !== undefined && options.arrivalProcess !== 'poisson' && options.arrivalProcess !== 'uniform') {
    faults.push({ path: 'arrivalProcess', reason: "must be 'poisson' or 'uniform'" });
  }
  faults.push(
    ...incidentFaults(network, options),
    ...detectorFaultFaults(network, options),
    ...demandFaults(network, options),
    ...modelFaults(options.model ?? {}),
  );
  return faults;
}

function incidentFaults(network: Network, options: SimulationOptions): NetworkFault[] {
  const faults: NetworkFault[] = [];
  const approaches = new Map(network.intersections.flatMap((i) => i.approaches.map((a) => [a.id, a] as const)));
  (options.incidents ?? []).forEach((incident, i) => {
    const at = (field: string) => joinPath('incidents', i, field);
    const approach = approaches.get(incident.approachId);
    if (!approach) faults.push({ path: at('approachId'), reason: `unknown approach ${String(incident.approachId)}` });
    else if (!Number.isInteger(incident.lane) || incident.lane < 1 || incident.lane > laneCount(approach)) {
      faults.push({ path: at('lane'), reason: `lane ${String(incident.lane)} does not exist (approach has ${laneCount(approach)} lanes)` });
    }
    faults.push(...windowFaults(incident, at));
  });
  return faults;
}

function detectorFaultFaults(network: Network, options: SimulationOptions): NetworkFault[] {
  const faults: NetworkFault[] = [];
  const detectors = new Set(network.intersections.flatMap((i) => i.approaches.flatMap((a) => a.detectors.map((d) => d.id))));
  (options.detectorFaults ?? []).forEach((fault, i) => {
    const at = (field: string) => joinPath('detectorFaults', i, field);
    if (!detectors.has(fault.detectorId)) faults.push({ path: at('detectorId'), reason: `unknown detector ${String(fault.detectorId)}` });
    if (!FAULT_KINDS.includes(fault.kind)) faults.push({ path: at('kind'), reason: `must be one of ${FAULT_KINDS.join(', ')}` });
    faults.push(...windowFaults(fault, at));
  });
  return faults;
}

function demandFaults(network: Network, options: SimulationOptions): NetworkFault[] {
  const faults: NetworkFault[] = [];
  const approaches = new Map(network.intersections.flatMap((i) => i.approaches.map((a) => [a.id, a] as const)));
  for (const [approachId, movements] of Object.entries(options.demandOverrides ?? {})) {
    const approach = approaches.get(approachId);
    if (!approach) {
      faults.push({ path: joinPath('demandOverrides', approachId), reason: `unknown approach ${approachId}` });
      continue;
    }
    for (const [type, x] of Object.entries(movements ?? {})) {
      const at = joinPath('demandOverrides', approachId, type);
      if (!approach.movements.some((m) => m.type === type)) faults.push({ path: at, reason: `approach ${approachId} has no movement ${type}` });
      else if (!isFiniteNumber(x) || x < 0 || x > 3) faults.push({ path: at, reason: 'degree of saturation must be a number in [0, 3]' });
    }
  }
  return faults;
}

const MODEL_RANGES: Record<keyof ModelParameters, [number, number]> = {
  startUpLostTimeS: [0, 10],
  yellowExtensionS: [0, 8],
  jamSpacingM: [4, 20],
  accelerationMps2: [0.5, 5],
  defaultEntryLinkM: [50, 5000],
  sampleIntervalS: [10, 3600],
  passageTimeS: [0.5, 10],
  pedCallsPerHour: [0, 3600],
};

function modelFaults(model: Partial<ModelParameters>): NetworkFault[] {
  const faults: NetworkFault[] = [];
  for (const [key, value] of Object.entries(model)) {
    const range = MODEL_RANGES[key as keyof ModelParameters];
    if (!range) faults.push({ path: joinPath('model', key), reason: 'unknown model parameter' });
    else if (!isFiniteNumber(value) || value < range[0] || value > range[1]) {
      faults.push({ path: joinPath('model', key), reason: `must be a number in [${range[0]}, ${range[1]}]` });
    }
  }
  return faults;
}
