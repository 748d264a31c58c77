/** Measured 15-minute movement sums → optimiser demand, with the data-quality gate (hand-computed). */
import { describe, expect, it } from 'vitest';
import type { Approach } from '../../../../geo/network/network.schema.js';
import { measuredDemand, type MovementWindowSums } from '../../../../services/engine/timing/measured-demand.js';

const approaches: Approach[] = [
  {
    id: 'X-W',
    direction: 'W',
    road: { zh: '路', en: 'Rd' },
    roadClass: 'arterial',
    speedLimitKmh: 50,
    movements: [
      { type: 'L', phase: 5, lanes: 1 },
      { type: 'T', phase: 2, lanes: 2 },
    ],
    detectors: [],
  },
  { id: 'X-N', direction: 'N', road: { zh: '路', en: 'Rd' }, roadClass: 'collector', speedLimitKmh: 40, movements: [{ type: 'T', phase: 4, lanes: 1, satFlowVphpl: 1650 }], detectors: [] },
];

function sums(approachId: string, movement: MovementWindowSums['movement'], extra: Partial<MovementWindowSums>): MovementWindowSums {
  return { approachId, movement, minutes: 15, degradedMinutes: 0, volumeVeh: 0, arrivals: 0, arrivalsOnGreen: 0, greenS: 0, ...extra };
}

describe('measured demand', () => {
  it('turns counts into flows and arrivals into platoon ratios', () => {
    // X-W T: 180 veh in 15 min → 720 veh/h; 150 arrivals, 90 on green; green 420 s of 900 s →
    //   Rp = (90 / 150) / (420 / 900) = 0.6 / 0.4667 = 1.2857.
    // X-W L: 30 veh → 120 veh/h; 12 arrivals < 20: no platoon ratio (random arrivals).
    // X-N T: 13 of 15 minutes recorded, 52 veh → 52 × 60 / 13 = 240 veh/h (the rate of the minutes measured).
    const result = measuredDemand(
      { approaches },
      [
        sums('X-W', 'T', { volumeVeh: 180, arrivals: 150, arrivalsOnGreen: 90, greenS: 420 }),
        sums('X-W', 'L', { volumeVeh: 30, arrivals: 12, arrivalsOnGreen: 2, greenS: 150 }),
        sums('X-N', 'T', { minutes: 13, volumeVeh: 52 }),
      ],
      15,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.demands).toEqual([
      { approachId: 'X-W', movement: 'L', phase: 5, lanes: 1, satFlowVphpl: 1700, flowVph: 120 },
      { approachId: 'X-W', movement: 'T', phase: 2, lanes: 2, satFlowVphpl: 1800, flowVph: 720, platoonRatio: expect.closeTo(0.6 / (420 / 900), 9) },
      { approachId: 'X-N', movement: 'T', phase: 4, lanes: 1, satFlowVphpl: 1650, flowVph: 240 },
    ]);
    expect(result.quality).toEqual({ windowMinutes: 15, coveredMinutes: 15, missingMovements: [], degradedMovements: [] });
  });

  it('leaves out a movement without records and says so', () => {
    const result = measuredDemand({ approaches }, [sums('X-W', 'T', { volumeVeh: 100 }), sums('X-N', 'T', { volumeVeh: 40 })], 15);
    expect(result.ok && result.demands.map((d) => `${d.approachId}/${d.movement}`)).toEqual(['X-W/T', 'X-N/T']);
    expect(result.quality.missingMovements).toEqual(['X-W/L']);
  });

  it('refuses an empty or incomplete window', () => {
    expect(measuredDemand({ approaches }, [], 15)).toMatchObject({ ok: false, reason: 'no-data' });
    // 11 of 15 minutes < 80 % (12).
    const partial = [sums('X-W', 'T', { minutes: 11, volumeVeh: 80 }), sums('X-W', 'L', { minutes: 11 }), sums('X-N', 'T', { minutes: 11 })];
    expect(measuredDemand({ approaches }, partial, 15)).toMatchObject({ ok: false, reason: 'incomplete', quality: { coveredMinutes: 11 } });
    expect(measuredDemand({ approaches }, partial, 15, { minCoverage: 0.7 }).ok).toBe(true);
  });

  it('lists degraded movements, and refuses them only when asked', () => {
    // 4 of 15 degraded minutes = 27 % > 20 %; 3 of 15 = 20 % is not above it.
    const rows = [sums('X-W', 'T', { volumeVeh: 100, degradedMinutes: 4 }), sums('X-W', 'L', { volumeVeh: 10, degradedMinutes: 3 }), sums('X-N', 'T', { volumeVeh: 40 })];
    const lenient = measuredDemand({ approaches }, rows, 15);
    expect(lenient.ok).toBe(true);
    expect(lenient.quality.degradedMovements).toEqual(['X-W/T']);
    expect(measuredDemand({ approaches }, rows, 15, { rejectDegraded: true })).toMatchObject({ ok: false, reason: 'degraded' });
  });
});
