/**
 * Demand profiles and demand sizing.
 */
import { describe, expect, it } from 'vitest';
import { buildDemand, supplementRateVph, TARGET_X } from '../../../simulations/scenarios/demand.js';
import { demandOverridesFor, TIANJIN_CENTRAL_HOTSPOTS } from '../../../simulations/scenarios/index.js';
import { isScenarioName, scenarioLevel, weekdayLevel } from '../../../simulations/scenarios/profiles.js';
import { routingTable } from '../../../simulations/sim/routing.js';
import { twoIntersectionNetwork } from '../../helpers/networks.js';
import { showcaseNetwork } from '../sim/synthetic-networks.js';

describe('time-of-day profiles', () => {
  it('interpolate the weekday curve', () => {
    expect(weekdayLevel(480)).toEqual({ level: 1, tidal: 1 });
    // 06:30 is halfway between 06:00 (0.30, tidal 0.5) and 07:00 (0.85, tidal 1).
    const early = weekdayLevel(390);
    expect(early.level).toBeCloseTo(0.575, 9);
    expect(early.tidal).toBeCloseTo(0.75, 9);
    expect(weekdayLevel(1440 + 480)).toEqual(weekdayLevel(480));
    expect(weekdayLevel(180).level).toBeLessThan(0.15);
  });

  it('hold fixed scenarios whatever the clock, and follow it for live', () => {
    expect(scenarioLevel('am-peak', 1000)).toEqual({ level: 1, tidal: 1 });
    expect(scenarioLevel('pm-peak', 480)).toEqual({ level: 0.97, tidal: -1 });
    expect(scenarioLevel('live', 1080)).toEqual(weekdayLevel(1080));
    expect(isScenarioName('night')).toBe(true);
    expect(isScenarioName('rush')).toBe(false);
  });
});

describe('demand', () => {
  it('sizes a boundary movement from its capacity under the network plan', () => {
    // Fixture A-W: through on phase 2, 2 lanes, split 45 s → green 40 s of 100 s:
    // c = 1,800 · 2 · 0.4 = 1,440 veh/h; arterial through target X = 0.76 ± 10 %.
    const demand = buildDemand(twoIntersectionNetwork(), { seed: 1 });
    const through = demand.get('A-W')!.movements.find((m) => m.type === 'T')!;
    expect(through.capacityVph).toBeCloseTo(1440, 6);
    expect(through.targetVph / through.capacityVph).toBeGreaterThanOrEqual(TARGET_X.arterial.T * 0.9);
    expect(through.targetVph / through.capacityVph).toBeLessThanOrEqual(TARGET_X.arterial.T * 1.1);
    // A-W has no upstream intersection: everything arrives from outside.
    expect(demand.get('A-W')!.supplementVph).toBeCloseTo(demand.get('A-W')!.flowVph, 6);
    expect(demand.get('A-W')!.feedVph).toBe(0);
  });

  it('is consistent: no approach receives more from upstream than it passes', async () => {
    const network = await showcaseNetwork();
    const demand = buildDemand(network, { seed: 20261127, overrides: demandOverridesFor(network) });
    const routes = routingTable(network);
    const received = new Map<string, number>();
    for (const [id, d] of demand) {
      for (const m of d.movements) {
        const to = routes.get(id)?.get(m.type);
        if (to) received.set(to, (received.get(to) ?? 0) + m.flowVph);
      }
    }
    for (const [id, d] of demand) {
      expect(received.get(id) ?? 0, id).toBeLessThanOrEqual(d.flowVph * (1 + 1e-6));
      expect(d.feedVph + d.supplementVph).toBeCloseTo(d.flowVph, 6);
    }
    // Hotspots keep their degree of saturation: TJ11's southbound through is oversaturated by design.
    const tj11 = demand.get('TJ11-N')!.movements.find((m) => m.type === 'T')!;
    expect(tj11.flowVph / tj11.capacityVph).toBeCloseTo(TIANJIN_CENTRAL_HOTSPOTS['TJ11-N']!.T!, 6);
  });

  it('scales the supplement by level, tide and fluctuation', () => {
    const approach = { ...buildDemand(twoIntersectionNetwork(), { seed: 1 }).get('A-W')!, supplementVph: 1000, corridorSense: 1 };
    // 1,000 veh/h · 0.5 · (1 + 0.1 · 1 · 1) · 1.04 = 572 veh/h.
    expect(supplementRateVph(approach, { level: 0.5, tidal: 1 }, 1.04)).toBeCloseTo(572, 6);
    expect(supplementRateVph({ ...approach, corridorSense: -1 }, { level: 1, tidal: 1 }, 1)).toBeCloseTo(900, 6);
  });

  it('uses the showcase hotspots only for the showcase', () => {
    expect(demandOverridesFor({ id: 'tianjin-central' })).toBe(TIANJIN_CENTRAL_HOTSPOTS);
    expect(demandOverridesFor({ id: 'two-intersections' })).toEqual({});
  });
});
