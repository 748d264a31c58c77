/**
 * The showcase network's AM peak under its shipped plans looks like a real morning: most
 * approaches at LOS B–D, the mistuned and known-congested places at E/F, a couple of links
 * spilling back — the conditions the engine is checked against and retiming must improve.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulation } from '../../../simulations/sim/simulation.js';
import { summarizeTruth, type TruthSummary } from '../../../simulations/sim/truth-summary.js';
import type { RunTotals } from '../../../simulations/sim/types.js';
import { showcaseNetwork } from './synthetic-networks.js';

/** LOS by control delay (DESIGN §6). */
const los = (delayS: number) => (delayS <= 10 ? 'A' : delayS <= 20 ? 'B' : delayS <= 35 ? 'C' : delayS <= 55 ? 'D' : delayS <= 80 ? 'E' : 'F');

let hour: TruthSummary[];
let totals: RunTotals;

beforeAll(async () => {
  // 07:00–08:00 local: one whole clock hour, so the hourly roll-up has one row per approach.
  const sim = createSimulation({ network: await showcaseNetwork(), scenario: 'am-peak', seed: 20261127, startTs: Date.parse('2026-11-27T07:00:00+08:00') });
  hour = summarizeTruth(sim.runFor(3600).truth, 60);
  totals = sim.totals();
});

describe('showcase AM peak', () => {
  it('has most approaches at LOS B–D and a few at E/F', () => {
    const levels = hour.map((row) => los(row.meanDelayS ?? 0));
    const fluid = levels.filter((l) => l === 'B' || l === 'C' || l === 'D').length;
    const congested = levels.filter((l) => l === 'E' || l === 'F').length;
    expect(hour).toHaveLength(69); // every approach of the 18 intersections
    expect(fluid / hour.length).toBeGreaterThan(0.75);
    expect(congested).toBeGreaterThanOrEqual(4);
    expect(congested).toBeLessThanOrEqual(14);
  });

  it('is congested where the plans are mistuned or the queues are known', () => {
    const delay = (id: string) => hour.find((row) => row.approachId === id)?.meanDelayS ?? 0;
    for (const id of ['TJ11-N', 'TJ11-S', 'TJ16-S', 'TJ13-W', 'TJ08-N']) expect(delay(id), id).toBeGreaterThan(55);
  });

  it('spills back on a few links only', () => {
    const spilling = hour.filter((row) => row.spillbackMinutes > 0).map((row) => row.approachId);
    expect(spilling.length).toBeGreaterThanOrEqual(1);
    expect(spilling.length).toBeLessThanOrEqual(6);
    expect(spilling).toContain('TJ11-N');
  });

  it('moves tens of thousands of vehicles at a realistic network mean delay', () => {
    expect(totals.vehiclesEntered).toBeGreaterThan(30_000);
    expect(totals.departures).toBeGreaterThan(80_000);
    expect(totals.meanDelayS).toBeGreaterThan(25);
    expect(totals.meanDelayS).toBeLessThan(60);
  });
});
