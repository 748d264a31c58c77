/**
 * A seeded simulation of a network: `createSimulation(options)` builds it, `advanceTo(ts)`
 * returns everything in [previous ts, ts) — controller events, detector events, aggregated
 * samples, ground truth — so a feeder can pull in time order, in chunks of any size, paced to
 * the wall clock or as fast as it likes. Pure and synchronous: no I/O, no clock, no globals;
 * the same options give the same output, however the run is chunked.
 *
 * Running ahead: where a vehicle stops (and so what detectors upstream saw) is decided when it
 * reaches the stop line, up to one link travel time after it passed them. The simulator
 * therefore runs its agenda `lookaheadMs` (the longest link or detector distance, travelled
 * from standstill, + 2 s) beyond what it hands out; anything handed out is final.
 */
import type { TimingPlan } from '../../geo/network/network.schema.js';
import type { ControllerEvent, DetectorSample } from '../../services/contracts/records.js';
import { buildDemand, supplementRateVph } from '../scenarios/demand.js';
import { demandOverridesFor } from '../scenarios/index.js';
import { scenarioLevel, type DemandLevel } from '../scenarios/profiles.js';
import { ActuatedController } from './actuated-controller.js';
import { SimulationInputError } from './errors.js';
import { EventQueue } from './event-queue.js';
import { FixedTimeController } from './fixed-time-controller.js';
import { localMinuteOfDay } from './local-time.js';
import { buildWorld, type ApproachState } from './model.js';
import { randomStream } from './rng.js';
import type { SignalController } from './signal-context.js';
import { Traffic } from './traffic.js';
import { timeFromStandstillS } from './trajectory.js';
import type { GroundTruthMinute, ModelParameters, RunTotals, SimulationChunk, SimulationOptions } from './types.js';
import { planFaults, validateSimulationOptions } from './validate-input.js';
import { wireDetectors } from './wire-detectors.js';

/** Calibrated defaults (see `traffic.ts` and `trajectory.ts` for their sources). */
export const DEFAULT_MODEL: ModelParameters = {
  startUpLostTimeS: 2,
  yellowExtensionS: 2,
  jamSpacingM: 7,
  accelerationMps2: 2,
  defaultEntryLinkM: 400,
  sampleIntervalS: 60,
  passageTimeS: 3,
  pedCallsPerHour: 40,
};

export const DEFAULT_WARM_UP_S = 600;

export interface Simulation {
  readonly startTs: number;
  /** Everything before this instant has been handed out. */
  readonly emittedTo: number;
  /** How far the agenda runs ahead of what is handed out, ms. */
  readonly lookaheadMs: number;
  /**
   * Runs to `ts` and returns what happened in [emittedTo, ts).
   * @throws {RangeError} when `ts` is before `emittedTo`.
   */
  advanceTo(ts: number): SimulationChunk;
  /** `advanceTo(emittedTo + durationS)`. */
  runFor(durationS: number): SimulationChunk;
  /**
   * Runs `plan` at an intersection from its next cycle not yet laid out (at most
   * `lookaheadMs` + one cycle after `emittedTo`).
   * @throws {SimulationInputError} when the plan does not fit the intersection.
   */
  setPlan(intersectionId: string, plan: TimingPlan): void;
  /** Totals of what has been handed out so far. */
  totals(): RunTotals;
}

interface PendingEvent {
  ts: number;
  order: number;
  code: number;
  param: number;
}

const MINUTE_MS = 60_000;
const FLUCTUATION_BIN_MS = 15 * MINUTE_MS;
/** Half-width of the seeded 15-minute fluctuation of arrivals around the profile. */
const FLUCTUATION = 0.06;

/**
 * Builds a simulation.
 *
 * @throws {SimulationInputError} listing every bad option (path and reason).
 * @example
 * const sim = createSimulation({ network, scenario: 'am-peak', seed: 20261127, startTs: Date.parse('2026-11-27T07:30:00+08:00') });
 * const { events, truth } = sim.runFor(3600);
 */
export function createSimulation(options: SimulationOptions): Simulation {
  const faults = validateSimulationOptions(options);
  if (faults.length > 0) throw new SimulationInputError(faults);
  const { network, scenario, seed, startTs } = options;
  const params: ModelParameters = { ...DEFAULT_MODEL, ...options.model };
  const timeZone = network.timezone;
  const t0 = startTs - Math.round((options.warmUpS ?? DEFAULT_WARM_UP_S) * 1000);

  const levels = new Map<number, DemandLevel>();
  const levelAt = (ts: number): DemandLevel => {
    const minute = Math.floor(ts / MINUTE_MS);
    let level = levels.get(minute);
    if (!level) {
      level = scenarioLevel(scenario, localMinuteOfDay(minute * MINUTE_MS, timeZone));
      if (levels.size > 10_000) levels.clear();
      levels.set(minute, level);
    }
    return level;
  };
  const fluctuations = new Map<string, number>();
  const fluctuation = (approach: ApproachState, ts: number): number => {
    const key = `${approach.id}:${Math.floor(ts / FLUCTUATION_BIN_MS)}`;
    let value = fluctuations.get(key);
    if (value === undefined) {
      value = randomStream(seed, `fluctuation:${key}`).between(1 - FLUCTUATION, 1 + FLUCTUATION);
      if (fluctuations.size > 100_000) fluctuations.clear();
      fluctuations.set(key, value);
    }
    return value;
  };

  const demand = buildDemand(network, { seed, overrides: { ...demandOverridesFor(network), ...options.demandOverrides } });
  const world = buildWorld(network, demand, params, seed, startTs);
  const queue = new EventQueue();
  const traffic = new Traffic(
    queue,
    params,
    (approach, ts) => supplementRateVph(approach.demand, levelAt(ts), fluctuation(approach, ts)),
    options.arrivalProcess ?? 'poisson',
  );

  const pending: PendingEvent[] = [];
  const emitAt = (order: number, ts: number, code: number, param: number) => pending.push({ ts, order, code, param });
  const tracks = wireDetectors(world, { seed, firstTs: startTs, sampleIntervalS: params.sampleIntervalS, faults: options.detectorFaults ?? [], emit: emitAt });

  const controllers = new Map<string, SignalController>();
  for (const intersection of world.intersections) {
    const context = {
      intersection,
      queue,
      traffic,
      timeZone,
      emit: (ts: number, code: number, param: number) => emitAt(intersection.order, ts, code, param),
    };
    const plan = options.plans?.get(intersection.id) ?? intersection.source.plan;
    const controller: SignalController =
      options.controllerMode === 'actuated'
        ? new ActuatedController(context, plan, {
            passageTimeS: params.passageTimeS,
            pedCallsPerHour: params.pedCallsPerHour,
            levelAt: (ts) => levelAt(ts).level,
            pedestrians: randomStream(seed, `pedestrians:${intersection.id}`),
          })
        : new FixedTimeController(context, plan);
    controllers.set(intersection.id, controller);
    controller.start(t0);
  }
  for (const approach of world.approaches.values()) traffic.startArrivals(approach, t0);
  for (const incident of options.incidents ?? []) {
    const lane = world.approaches.get(incident.approachId)?.lanes.find((l) => l.number === incident.lane);
    if (!lane) continue;
    const start = Math.max(t0, Math.round(incident.startTs));
    queue.schedule(start, () => traffic.block(lane));
    queue.schedule(Math.max(start, Math.round(incident.startTs + incident.durationS * 1000)), (t) => traffic.unblock(lane, t));
  }

  let lookaheadMs = 2000;
  for (const approach of world.approaches.values()) {
    const farthest = Math.max(approach.linkLengthM, ...approach.lanes.flatMap((l) => l.zones.map((z) => z.distanceM + z.lengthM)));
    lookaheadMs = Math.max(lookaheadMs, Math.ceil(timeFromStandstillS(farthest, params.accelerationMps2, approach.speedMps) * 1000) + 2000);
  }

  let emittedTo = startTs;
  const totals = { departures: 0, totalDelayS: 0, vehiclesEntered: 0 };

  const advanceTo = (requested: number): SimulationChunk => {
    if (!Number.isFinite(requested) || requested < emittedTo) {
      throw new RangeError(`cannot advance to ${requested}: the simulation has already handed out everything before ${emittedTo}`);
    }
    const to = Math.floor(requested);
    const from = emittedTo;
    queue.runUntil(to + lookaheadMs);

    const ready: PendingEvent[] = [];
    let keep = 0;
    for (const event of pending) {
      if (event.ts >= to) pending[keep++] = event;
      else if (event.ts >= from) ready.push(event);
    }
    pending.length = keep;
    for (const { intersectionOrder, track } of tracks.channels) {
      track.flush(from, to, (ts, code, param) => ready.push({ ts, order: intersectionOrder, code, param }));
    }
    ready.sort((a, b) => a.ts - b.ts || a.order - b.order || a.code - b.code || a.param - b.param);
    const ids = world.intersections.map((i) => i.id);
    const events: ControllerEvent[] = ready.map((e) => ({ intersectionId: ids[e.order] as string, ts: e.ts, code: e.code, param: e.param }));

    const samples: DetectorSample[] = [];
    for (const track of tracks.samples) track.flush(to, samples);
    samples.sort((a, b) => a.ts - b.ts || (a.detectorId < b.detectorId ? -1 : a.detectorId > b.detectorId ? 1 : 0));

    const truth: GroundTruthMinute[] = [];
    for (const approach of world.approaches.values()) truth.push(...approach.truth.finalize(to));
    truth.sort((a, b) => a.ts - b.ts);
    for (const minute of truth) {
      totals.departures += minute.departures;
      totals.totalDelayS += minute.totalDelayS;
    }
    for (const [minute, count] of traffic.arrivalsByMinute) {
      if ((minute + 1) * MINUTE_MS > to) continue;
      if (minute * MINUTE_MS >= startTs) totals.vehiclesEntered += count;
      traffic.arrivalsByMinute.delete(minute);
    }
    emittedTo = to;
    return { fromTs: from, toTs: to, events, samples, truth };
  };

  return {
    startTs,
    get emittedTo() {
      return emittedTo;
    },
    lookaheadMs,
    advanceTo,
    runFor: (durationS) => advanceTo(emittedTo + Math.round(durationS * 1000)),
    setPlan(intersectionId, plan) {
      const intersection = network.intersections.find((i) => i.id === intersectionId);
      const planPath = `plans.${intersectionId}`;
      const problems = intersection ? planFaults(intersection, plan, planPath) : [{ path: planPath, reason: `unknown intersection ${intersectionId}` }];
      if (problems.length > 0) throw new SimulationInputError(problems);
      controllers.get(intersectionId)?.setPlan(plan);
    },
    totals: () => ({
      fromTs: startTs,
      toTs: emittedTo,
      departures: totals.departures,
      totalDelayS: Math.round(totals.totalDelayS * 1000) / 1000,
      meanDelayS: totals.departures > 0 ? totals.totalDelayS / totals.departures : 0,
      vehiclesEntered: totals.vehiclesEntered,
    }),
  };
}
