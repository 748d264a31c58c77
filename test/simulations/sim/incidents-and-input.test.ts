/**
 * Incidents reduce what a lane discharges; bad input is refused with every fault listed.
 */
import { describe, expect, it } from 'vitest';
import { SimulationInputError } from '../../../simulations/sim/errors.js';
import { createSimulation } from '../../../simulations/sim/simulation.js';
import type { GroundTruthMinute, SimulationOptions } from '../../../simulations/sim/types.js';
import { twoIntersectionNetwork } from '../../helpers/networks.js';
import { AM_PEAK_START, singleApproachNetwork } from './synthetic-networks.js';

const window = (truth: GroundTruthMinute[], from: number, to: number) => truth.filter((m) => m.ts >= from && m.ts < to);
const departures = (truth: GroundTruthMinute[]) => truth.reduce((s, m) => s + m.departures, 0);

describe('incidents', () => {
  // Two through lanes at X = 0.8: c = 1,800 · 2 · 25/60 = 1,500 veh/h, demand ≈ 1,200 veh/h.
  // Blocking lane 1 for 10 minutes halves the capacity (750 veh/h < demand): fewer departures
  // during the incident, a queue, and the backlog discharges afterwards.
  const network = singleApproachNetwork({ lanes: 2, cycleS: 60, splitS: 30 });
  const incidentStart = AM_PEAK_START + 600_000;
  const incidentEnd = incidentStart + 600_000;
  const run = (incidents: SimulationOptions['incidents']) =>
    createSimulation({ network, scenario: 'am-peak', seed: 21, startTs: AM_PEAK_START, incidents, demandOverrides: { 'X-W': { T: 0.8 } } }).runFor(2400).truth;
  const clear = run([]);
  const blocked = run([{ approachId: 'X-W', lane: 1, startTs: incidentStart, durationS: 600 }]);

  it('reduce discharge while the lane is blocked', () => {
    const during = departures(window(blocked, incidentStart, incidentEnd));
    expect(during).toBeLessThan(0.75 * departures(window(clear, incidentStart, incidentEnd)));
    expect(during).toBeGreaterThan(0);
    const queue = (truth: GroundTruthMinute[]) => Math.max(...window(truth, incidentStart, incidentEnd).map((m) => m.maxQueueVeh));
    expect(queue(blocked)).toBeGreaterThan(2 * queue(clear));
  });

  it('leave the run unchanged before they start and recover after they end', () => {
    expect(window(blocked, AM_PEAK_START, incidentStart)).toEqual(window(clear, AM_PEAK_START, incidentStart));
    const after = departures(window(blocked, incidentEnd, incidentEnd + 600_000));
    expect(after).toBeGreaterThan(departures(window(clear, incidentEnd, incidentEnd + 600_000)));
  });
});

describe('bad input', () => {
  const network = twoIntersectionNetwork();
  const base: SimulationOptions = { network, scenario: 'am-peak', seed: 1, startTs: AM_PEAK_START };
  const faultsOf = (options: SimulationOptions) => {
    try {
      createSimulation(options);
    } catch (error) {
      if (error instanceof SimulationInputError) return error.faults;
      throw error;
    }
    return [];
  };

  it('lists every fault with its path and reason', () => {
    const faults = faultsOf({
      ...base,
      scenario: 'rush-hour' as SimulationOptions['scenario'],
      seed: 1.5,
      startTs: Number.NaN,
      controllerMode: 'adaptive' as SimulationOptions['controllerMode'],
      incidents: [{ approachId: 'A-W', lane: 9, startTs: AM_PEAK_START, durationS: -5 }],
      detectorFaults: [{ detectorId: 'nope', kind: 'melted' as 'dead', startTs: AM_PEAK_START, durationS: 60 }],
      demandOverrides: { 'A-W': { U: 1 }, 'Z-Z': { T: 1 } },
      model: { jamSpacingM: 0 },
    });
    expect(faults.map((f) => f.path)).toEqual([
      'scenario',
      'seed',
      'startTs',
      'controllerMode',
      'incidents[0].lane',
      'incidents[0].durationS',
      'detectorFaults[0].detectorId',
      'detectorFaults[0].kind',
      'demandOverrides.A-W.U',
      'demandOverrides.Z-Z',
      'model.jamSpacingM',
    ]);
    expect(faults.find((f) => f.path === 'incidents[0].lane')?.reason).toBe('lane 9 does not exist (approach has 4 lanes)');
  });

  it('refuses a plan for an unknown intersection or one that leaves a movement unserved', () => {
    const plan = network.intersections[0]!.plan;
    const noPhase5 = { ...plan, rings: [[1, 2, 3, 4], [6, 7, 8]], barriers: [[2, 6], [4, 8]], phases: plan.phases.filter((p) => p.phase !== 5) };
    const faults = faultsOf({ ...base, plans: new Map([['Q', plan], ['A', noPhase5]]) });
    expect(faults.map((f) => f.path)).toContain('plans.Q');
    expect(faults.some((f) => f.path.startsWith('plans.A') && /phase 5 \(A-W L\) is in no ring/.test(f.reason))).toBe(true);
  });

  it('refuses to go back in time and to take a bad plan mid-run', () => {
    const sim = createSimulation(base);
    sim.runFor(60);
    expect(() => sim.advanceTo(AM_PEAK_START)).toThrow(RangeError);
    expect(() => sim.setPlan('A', { ...network.intersections[0]!.plan, offsetS: 500 })).toThrow(SimulationInputError);
    expect(() => sim.setPlan('nowhere', network.intersections[0]!.plan)).toThrow(/unknown intersection nowhere/);
  });
});
