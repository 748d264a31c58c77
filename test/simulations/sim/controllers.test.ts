/**
 * Signal control in the simulator: ring-barrier sequences (fixed-time and actuated), the
 * offset convention, and plans given as input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Network } from '../../../geo/network/load-network.js';
import type { TimingPlan } from '../../../geo/network/network.schema.js';
import type { ControllerEvent } from '../../../services/contracts/records.js';
import { localMidnight } from '../../../simulations/sim/local-time.js';
import { createSimulation } from '../../../simulations/sim/simulation.js';
import { AM_PEAK_START, showcaseNetwork } from './synthetic-networks.js';
import { controllerViolations, of } from './stream-checks.js';

let network: Network;
let fixed: ControllerEvent[];
let actuated: ControllerEvent[];

beforeAll(async () => {
  network = await showcaseNetwork();
  fixed = createSimulation({ network, scenario: 'am-peak', seed: 1, startTs: AM_PEAK_START }).runFor(1800).events;
  actuated = createSimulation({ network, scenario: 'am-peak', seed: 1, startTs: AM_PEAK_START, controllerMode: 'actuated' }).runFor(1800).events;
});

describe('fixed-time control', () => {
  it('follows the ring-barrier structure at every intersection', () => {
    for (const intersection of network.intersections) {
      expect(controllerViolations(of(fixed, intersection.id), intersection.plan), intersection.id).toEqual([]);
    }
  });

  it('starts the first coordinated phase at local midnight + offset + k·C', () => {
    for (const intersection of network.intersections) {
      const { plan } = intersection;
      const starts = of(fixed, intersection.id).filter((e) => e.code === 1 && e.param === plan.coordinatedPhases[0]);
      expect(starts.length).toBeGreaterThanOrEqual(Math.floor(1800 / plan.cycleS));
      for (const e of starts) {
        const sinceReference = e.ts - localMidnight(e.ts, 'Asia/Shanghai') - plan.offsetS * 1000;
        expect(((sinceReference % (plan.cycleS * 1000)) + plan.cycleS * 1000) % (plan.cycleS * 1000), intersection.id).toBe(0);
      }
    }
  });

  it('runs each phase for its split and forces off only the non-coordinated phases', () => {
    // TJ01 phase 4: split 50 s = green 44 + yellow 3 + all-red 3.
    const tj01 = of(fixed, 'TJ01').filter((e) => e.param === 4);
    const green = tj01.find((e) => e.code === 1) as ControllerEvent;
    const at = (code: number) => tj01.find((e) => e.code === code && e.ts > green.ts)?.ts;
    expect(at(8)! - green.ts).toBe(44_000);
    expect(at(6)).toBe(at(7));
    expect(at(9)! - at(8)!).toBe(3_000);
    expect(at(11)! - at(10)!).toBe(3_000);
    expect(of(fixed, 'TJ01').some((e) => e.code === 6 && (e.param === 2 || e.param === 6))).toBe(false);
    expect(fixed.some((e) => e.code === 4 || e.code === 5)).toBe(false);
  });

  it('emits walk, clearance and don’t-walk for phases with pedestrian timing', () => {
    // TJ01 phase 2: walk 8 s, clearance 20 s.
    const ped = of(fixed, 'TJ01').filter((e) => e.param === 2 && e.code >= 21 && e.code <= 23);
    const walk = ped.find((e) => e.code === 21) as ControllerEvent;
    expect(ped.find((e) => e.code === 22 && e.ts > walk.ts)!.ts - walk.ts).toBe(8_000);
    expect(ped.find((e) => e.code === 23 && e.ts > walk.ts)!.ts - walk.ts).toBe(28_000);
    expect(of(fixed, 'TJ01').some((e) => e.code >= 21 && e.code <= 23 && e.param === 1)).toBe(false);
  });

  it('keeps events in (ts, code) order within an intersection and ts order overall', () => {
    const disorder: string[] = [];
    for (let i = 1; i < fixed.length; i++) {
      const a = fixed[i - 1] as ControllerEvent;
      const b = fixed[i] as ControllerEvent;
      if (b.ts < a.ts || (a.ts === b.ts && a.intersectionId === b.intersectionId && b.code < a.code)) disorder.push(`${i}: ${JSON.stringify(b)}`);
    }
    expect(disorder).toEqual([]);
  });
});

describe('actuated control', () => {
  it('follows the ring-barrier structure at every intersection', () => {
    for (const intersection of network.intersections) {
      expect(controllerViolations(of(actuated, intersection.id), intersection.plan), intersection.id).toEqual([]);
    }
  });

  it('ends greens by gap out or max out, never by force off, and registers pedestrian calls', () => {
    const ends = actuated.filter((e) => e.code >= 4 && e.code <= 6);
    expect(ends.some((e) => e.code === 4)).toBe(true);
    expect(ends.some((e) => e.code === 5)).toBe(true);
    expect(ends.some((e) => e.code === 6)).toBe(false);
    expect(actuated.filter((e) => e.code === 7)).toHaveLength(ends.length);
    expect(actuated.some((e) => e.code === 45)).toBe(true);
  });

  it('never ends a green before its minimum green', () => {
    for (const intersection of network.intersections) {
      const minimum = new Map(intersection.plan.phases.map((p) => [p.phase, p.minGreenS * 1000]));
      const greenAt = new Map<number, number>();
      for (const e of of(actuated, intersection.id)) {
        if (e.code === 1) greenAt.set(e.param, e.ts);
        if (e.code === 7 && greenAt.has(e.param)) expect(e.ts - greenAt.get(e.param)!).toBeGreaterThanOrEqual(minimum.get(e.param)!);
      }
    }
  });
});

describe('plans given as input', () => {
  // TJ01 retimed to a 120 s cycle (ring sums: 16 + 44 + 16 + 44 = 120 in both rings, barriers at 60 s).
  const retimed = (base: TimingPlan): TimingPlan => ({
    ...base,
    id: 'TJ01-retimed',
    cycleS: 120,
    offsetS: 30,
    phases: base.phases.map((p) => ({ ...p, splitS: [1, 3, 5, 7].includes(p.phase) ? 16 : 44 })),
  });

  it('change the signal events of that intersection only', () => {
    const tj01 = network.intersections.find((i) => i.id === 'TJ01')!;
    const plan = retimed(tj01.plan);
    const events = createSimulation({ network, scenario: 'am-peak', seed: 1, startTs: AM_PEAK_START, plans: new Map([['TJ01', plan]]) }).runFor(1800).events;
    const phase2 = of(events, 'TJ01').filter((e) => e.code === 1 && e.param === 2);
    expect(phase2.length).toBeGreaterThanOrEqual(14);
    for (let i = 1; i < phase2.length; i++) expect(phase2[i]!.ts - phase2[i - 1]!.ts).toBe(120_000);
    expect(controllerViolations(of(events, 'TJ01'), plan)).toEqual([]);
    const signals = (list: ControllerEvent[], id: string) => of(list, id).filter((e) => e.code <= 23);
    expect(signals(events, 'TJ02')).toEqual(signals(fixed, 'TJ02'));
    expect(signals(events, 'TJ01')).not.toEqual(signals(fixed, 'TJ01'));
  });

  it('take effect mid-run at the next cycle, through a dwell that lands on the new grid', () => {
    const sim = createSimulation({ network, scenario: 'am-peak', seed: 1, startTs: AM_PEAK_START });
    const before = sim.runFor(600).events;
    const tj01 = network.intersections.find((i) => i.id === 'TJ01')!;
    sim.setPlan('TJ01', retimed(tj01.plan));
    const after = sim.runFor(1200).events;
    const starts = [...before, ...after].filter((e) => e.intersectionId === 'TJ01' && e.code === 1 && e.param === 2).map((e) => e.ts);
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] as number));
    expect(gaps.slice(0, 3)).toEqual([140_000, 140_000, 140_000]);
    expect(gaps.slice(-3)).toEqual([120_000, 120_000, 120_000]);
    const last = starts.at(-1) as number;
    expect((last - localMidnight(last, 'Asia/Shanghai') - 30_000) % 120_000).toBe(0);
  });

  it('are checked: a plan that does not fit is refused with the path and the reason', () => {
    const tj01 = network.intersections.find((i) => i.id === 'TJ01')!;
    const broken: TimingPlan = { ...tj01.plan, cycleS: 130 };
    expect(() => createSimulation({ network, scenario: 'am-peak', seed: 1, startTs: AM_PEAK_START, plans: new Map([['TJ01', broken]]) })).toThrow(
      /plans\.TJ01\.rings\[0\]: splits of ring 1 sum to 140 s, not the cycle 130 s/,
    );
  });
});
