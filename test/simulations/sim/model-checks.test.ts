/**
 * The simulator against traffic flow theory: saturation flow, Webster's delay for an
 * undersaturated approach, and a growing queue that spills back when demand exceeds capacity.
 */
import { describe, expect, it } from 'vitest';
import { summarizeTruth } from '../../../simulations/sim/truth-summary.js';
import { createSimulation } from '../../../simulations/sim/simulation.js';
import type { GroundTruthMinute } from '../../../simulations/sim/types.js';
import { twoIntersectionNetwork } from '../../helpers/networks.js';
import { AM_PEAK_START, singleApproachNetwork } from './synthetic-networks.js';

const sum = (minutes: readonly GroundTruthMinute[], pick: (m: GroundTruthMinute) => number) => minutes.reduce((s, m) => s + pick(m), 0);

describe('saturation flow', () => {
  it('discharges ≈ 1,800 veh/h per lane under permanent green', () => {
    // Phase 2 holds the whole 300 s cycle but its 2 s yellow; demand far above capacity keeps
    // a standing queue. Per lane and cycle: the queue restarts with l1 = 2 s lost, vehicles
    // keep crossing e = 2 s into yellow, one every h = 2.0 s: (298 − 2 + 2) / 2 = 149 vehicles
    // per 300 s = 1,788 veh/h/lane, i.e. −0.7 % from s = 1,800.
    const network = singleApproachNetwork({ lanes: 2, permanentGreen: true, linkLengthM: 600 });
    const sim = createSimulation({
      network,
      scenario: 'am-peak',
      seed: 11,
      startTs: AM_PEAK_START,
      demandOverrides: { 'X-W': { T: 1.6 } },
    });
    const { truth } = sim.runFor(3600);
    const perLanePerHour = sum(truth, (m) => m.departures) / 2;
    expect(perLanePerHour).toBeGreaterThan(1800 * 0.95);
    expect(perLanePerHour).toBeLessThan(1800 * 1.05);
    expect(perLanePerHour).toBe(1788);
  });
});

describe("Webster's delay of an undersaturated approach", () => {
  // C = 60 s; phase 2 split 30 s = green 25 + yellow 3 + all-red 2. Effective green g = 25 s
  // (l1 = 2 s lost at the start, e = 2 s gained in yellow), λ = g/C = 0.4167, one lane:
  // c = 1,800 · 0.4167 = 750 veh/h; X = 0.5 → q = 375 veh/h = 0.1042 veh/s.
  // Uniform delay (Webster 1958, first term):
  //   d1 = C (1 − λ)² / (2 (1 − λX)) = 60 · 0.5833² / (2 · (1 − 0.2083)) = 20.417 / 1.5833 = 12.89 s.
  const network = singleApproachNetwork({ lanes: 1, cycleS: 60, splitS: 30, yellowS: 3, allRedS: 2 });
  const d1 = (60 * (1 - 25 / 60) ** 2) / (2 * (1 - 0.5 * (25 / 60)));

  it('matches the uniform term within ±15 % with evenly spaced arrivals', () => {
    expect(d1).toBeCloseTo(12.89, 2);
    const sim = createSimulation({
      network,
      scenario: 'am-peak',
      seed: 5,
      startTs: AM_PEAK_START,
      demandOverrides: { 'X-W': { T: 0.5 } },
      arrivalProcess: 'uniform',
    });
    const { truth } = sim.runFor(3600);
    const meanDelay = sum(truth, (m) => m.totalDelayS) / sum(truth, (m) => m.departures);
    expect(sum(truth, (m) => m.arrivals)).toBeGreaterThan(330);
    expect(sum(truth, (m) => m.arrivals)).toBeLessThan(420);
    expect(Math.abs(meanDelay - d1) / d1).toBeLessThan(0.15);
  });

  it('matches the full Webster formula within ±15 % with Poisson arrivals', () => {
    // d = d1 + X² / (2 q (1 − X)) − 0.65 (C / q²)^(1/3) X^(2 + 5λ)
    //   = 12.89 + 0.25 / (2 · 0.1042 · 0.5) − 0.65 · (60 / 0.01085)^(1/3) · 0.5^(4.083)
    //   = 12.89 + 2.40 − 0.68 = 14.61 s.
    const q = 375 / 3600;
    const webster = d1 + 0.25 / (2 * q * 0.5) - 0.65 * Math.cbrt(60 / q ** 2) * 0.5 ** (2 + 5 * (25 / 60));
    expect(webster).toBeCloseTo(14.61, 1);
    const sim = createSimulation({ network, scenario: 'am-peak', seed: 6, startTs: AM_PEAK_START, demandOverrides: { 'X-W': { T: 0.5 } } });
    const { truth } = sim.runFor(3 * 3600);
    const meanDelay = sum(truth, (m) => m.totalDelayS) / sum(truth, (m) => m.departures);
    expect(Math.abs(meanDelay - webster) / webster).toBeLessThan(0.15);
  });
});

describe('demand above capacity', () => {
  // Fixture: A → B eastbound; B-W's through (2 lanes, phase 2: green 40 s of 100 s) has
  // c = 1,800 · 2 · 0.4 = 1,440 veh/h. At X = 1.15 the queue grows by ≈ 0.15 · 1,440 = 216 veh/h
  // (108 per lane) on top of the cycle's own queue, so the 518 m link (74 vehicles per lane at
  // 7 m) fills within the half hour; then the queue spills back onto A's approach, and so on.
  const run = (x: number) => {
    const sim = createSimulation({
      network: twoIntersectionNetwork(),
      scenario: 'am-peak',
      seed: 3,
      startTs: AM_PEAK_START,
      warmUpS: 0,
      demandOverrides: { 'B-W': { T: x } },
    });
    return sim.runFor(3600).truth;
  };
  const congested = run(1.15);
  const fluid = run(0.7);
  const quarters = (truth: GroundTruthMinute[], approachId: string) =>
    summarizeTruth(
      truth.filter((m) => m.approachId === approachId),
      15,
    );

  it('builds a queue that grows until the link is full', () => {
    const b = quarters(congested, 'B-W');
    expect(b).toHaveLength(4);
    expect(b[1]!.maxQueueVeh).toBeGreaterThan(b[0]!.maxQueueVeh * 1.3);
    // Full: both through lanes hold 74 vehicles (moving ones included), the left lane its own queue.
    expect(b[1]!.maxQueueVeh).toBeGreaterThan(2 * 60);
    expect(b[3]!.spillbackMinutes).toBeGreaterThanOrEqual(12);
    expect(quarters(fluid, 'B-W').every((q) => q.spillbackMinutes === 0 && q.maxQueueVeh < 60)).toBe(true);
  });

  it('spills back onto the upstream approach, whose delay keeps growing', () => {
    const a = quarters(congested, 'A-W');
    // A-W's through feeds B-W: once B-W is full, A-W's vehicles wait at A's stop line on green.
    expect(a[3]!.spillbackMinutes).toBeGreaterThan(10);
    const delays = a.map((q) => q.meanDelayS ?? 0);
    expect(delays[1]).toBeGreaterThan(delays[0]!);
    expect(delays[2]).toBeGreaterThan(delays[1]!);
    expect(delays[3]).toBeGreaterThan(delays[2]!);
    const fluidA = quarters(fluid, 'A-W').map((q) => q.meanDelayS ?? 0);
    expect(delays[3]).toBeGreaterThan(5 * fluidA[3]!);
  });
});
