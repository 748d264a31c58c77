/**
 * Timing suggestions, runs, plan versions and the measured-window read on every store target.
 */
import { expect, it } from 'vitest';
import type { TimingPlan } from '../../../geo/network/network.schema.js';
import type { NewSuggestion } from '../../../services/store/repositories/timing-suggestion.repository.js';
import {
  getSuggestion,
  insertSuggestion,
  listRuns,
  listSuggestions,
  openSuggestions,
  recordRun,
  transitionSuggestion,
} from '../../../services/store/repositories/timing-suggestion.repository.js';
import { movementWindow } from '../../../services/store/repositories/timing-demand.repository.js';
import { currentPlanVersions, insertPlanVersion, listPlanVersions, planVersion, seedNetworkPlans } from '../../../services/store/repositories/timing-plan.repository.js';
import { upsertMovementMinutes } from '../../../services/store/repositories/approach-minute.repository.js';
import type { MovementMinute } from '../../../services/contracts/measures.js';
import { twoIntersectionNetwork } from '../../helpers/networks.js';
import { describeEachStore } from '../../helpers/test-stores.js';

const network = twoIntersectionNetwork();
const planA = network.intersections[0]!.plan;
const T0 = Date.parse('2026-11-27T00:00:00Z');

function suggestion(extra: Partial<NewSuggestion> = {}): NewSuggestion {
  const plan: TimingPlan = { ...planA, id: 'A-v2', cycleS: 90 };
  return {
    kind: 'intersection',
    targetId: 'A',
    intersectionIds: ['A'],
    trigger: 'schedule',
    window: { from: T0, to: T0 + 900_000 },
    basePlanVersions: { A: 1 },
    plans: [{ intersectionId: 'A', baseVersion: 1, plan }],
    reasoning: { decision: { propose: true }, nested: { list: [1, 2] } },
    quality: { A: { coveredMinutes: 15 } },
    reason: 'delay-improves',
    delayBeforeS: 40,
    delayAfterS: 30,
    improvementPct: 25,
    bandGainS: null,
    createdBy: 'schedule',
    ...extra,
  };
}

function minute(ts: number, approachId: string, movement: MovementMinute['movement'], volumeVeh: number, degraded = false): MovementMinute {
  return {
    ts,
    intersectionId: approachId.split('-')[0]!,
    approachId,
    movement,
    phase: 2,
    degraded,
    volumeVeh,
    arrivals: volumeVeh,
    arrivalsOnGreen: volumeVeh / 2,
    arrivalsOnRed: volumeVeh / 2,
    arrivalsOnYellow: 0,
    redArrivalWaitS: 0,
    greenS: 25,
    cycles: 1,
    cycleS: 100,
    cycleEffectiveGreenS: 40,
    splitFailures: 0,
    queueVehSum: 0,
    spillbackCycles: 0,
  };
}

await describeEachStore('timing suggestion storage', (ctx) => {
  it('stores a suggestion and reads it back as the contract shape', async () => {
    await seedNetworkPlans(ctx.store, network.intersections);
    const id = await insertSuggestion(ctx.store, suggestion());
    const stored = await getSuggestion(ctx.store, id);
    expect(stored).toMatchObject({
      id,
      kind: 'intersection',
      targetId: 'A',
      intersectionIds: ['A'],
      status: 'proposed',
      window: { from: T0, to: T0 + 900_000 },
      basePlanVersions: { A: 1 },
      reason: 'delay-improves',
      expected: { delayBeforeS: 40, delayAfterS: 30, improvementPct: 25, bandGainS: null },
      review: { by: null, at: null, comment: null },
      export: { by: null, at: null, planVersions: null },
      supersededBy: null,
      reasoning: { decision: { propose: true }, nested: { list: [1, 2] } },
    });
    expect(stored?.plans[0]?.plan).toEqual({ ...planA, id: 'A-v2', cycleS: 90 });
    expect(await getSuggestion(ctx.store, '999999')).toBeUndefined();
  });

  it('moves a suggestion only from the statuses allowed, recording who and why', async () => {
    const id = await insertSuggestion(ctx.store, suggestion());
    expect(await transitionSuggestion(ctx.store, id, ['approved'], 'exported')).toBe(false);
    expect(await transitionSuggestion(ctx.store, id, ['proposed'], 'approved', { reviewedBy: 'wang', reviewComment: 'ok' })).toBe(true);
    expect(await transitionSuggestion(ctx.store, id, ['proposed'], 'approved')).toBe(false);
    expect(await transitionSuggestion(ctx.store, id, ['approved'], 'exported', { exportedBy: 'wang', exportedVersions: { A: 2 } })).toBe(true);
    const stored = await getSuggestion(ctx.store, id);
    expect(stored).toMatchObject({ status: 'exported', review: { by: 'wang', comment: 'ok' }, export: { by: 'wang', planVersions: { A: 2 } } });
    expect(stored?.review.at).toBeGreaterThan(0);
    expect(stored?.export.at).toBeGreaterThanOrEqual(stored?.review.at ?? 0);
  });

  it('finds open suggestions by target or by the plans they were computed against', async () => {
    const b = await insertSuggestion(ctx.store, suggestion({ targetId: 'B', intersectionIds: ['B'], basePlanVersions: { B: 1 }, plans: [] }));
    const corridor = await insertSuggestion(ctx.store, suggestion({ kind: 'corridor', targetId: 'c1', intersectionIds: ['B'], basePlanVersions: { A: 1, B: 1 }, plans: [] }));
    const byTarget = await ctx.store.transaction((tx) => openSuggestions(tx, { target: { kind: 'intersection', id: 'B' } }));
    expect(byTarget.map((s) => s.id)).toEqual([b]);
    const touchingA = await ctx.store.transaction((tx) => openSuggestions(tx, { intersectionIds: ['A'] }));
    expect(touchingA.map((s) => s.id)).toContain(corridor);
    expect(touchingA.map((s) => s.id)).not.toContain(b);
    expect(await transitionSuggestion(ctx.store, corridor, ['proposed'], 'superseded', { supersededBy: b })).toBe(true);
    expect((await getSuggestion(ctx.store, corridor))?.supersededBy).toBe(b);
  });

  it('lists with filters, newest first, in pages', async () => {
    const all = await listSuggestions(ctx.store, { limit: 50 });
    expect(all.items.length).toBe(4);
    expect(all.items.map((s) => Number(s.id))).toEqual([...all.items.map((s) => Number(s.id))].sort((x, y) => y - x));
    expect((await listSuggestions(ctx.store, { statuses: ['exported'], limit: 50 })).items).toHaveLength(1);
    expect((await listSuggestions(ctx.store, { intersectionId: 'B', limit: 50 })).items.map((s) => s.targetId).sort()).toEqual(['B', 'c1']);
    expect((await listSuggestions(ctx.store, { corridorId: 'c1', limit: 50 })).items.map((s) => s.kind)).toEqual(['corridor']);
    const first = await listSuggestions(ctx.store, { limit: 3 });
    expect(first.nextBefore).toBe(first.items[2]?.id);
    const second = await listSuggestions(ctx.store, { limit: 3, beforeId: first.nextBefore as string });
    expect(second).toMatchObject({ nextBefore: null });
    expect(second.items).toHaveLength(1);
  });

  it('keeps the latest run per target', async () => {
    const run = { kind: 'intersection' as const, targetId: 'A', window: { from: T0, to: T0 + 900_000 }, trigger: 'schedule' as const, suggestionId: null };
    await recordRun(ctx.store, { ...run, ranAt: T0 + 960_000, outcome: 'no-gain', detail: { decision: { improvementPct: 2 } } });
    await recordRun(ctx.store, { ...run, ranAt: T0 + 1_860_000, outcome: 'no-data', detail: {} });
    await recordRun(ctx.store, { ...run, kind: 'corridor', targetId: 'c1', ranAt: T0, outcome: 'nothing-to-coordinate', detail: {} });
    expect(await listRuns(ctx.store, { intersectionId: 'A', corridorIds: ['c1'] })).toEqual([
      { ...run, kind: 'corridor', targetId: 'c1', ranAt: T0, outcome: 'nothing-to-coordinate', detail: {} },
      { ...run, ranAt: T0 + 1_860_000, outcome: 'no-data', detail: {} },
    ]);
    expect((await listRuns(ctx.store, { corridorId: 'c1' })).map((r) => r.targetId)).toEqual(['c1']);
    expect(await listRuns(ctx.store)).toHaveLength(2);
  });

  it('adds plan versions, refusing a version written twice, and reads any of them', async () => {
    expect(await currentPlanVersions(ctx.store, ['A', 'B', 'nope'])).toEqual(new Map([['A', 1], ['B', 1]]));
    const v2 = { ...planA, id: 'A-v2', cycleS: 90 };
    expect(await insertPlanVersion(ctx.store, { intersectionId: 'A', version: 2, plan: v2, source: 'suggestion', note: 'suggestion 1', createdBy: 'wang' })).toBe(true);
    expect(await insertPlanVersion(ctx.store, { intersectionId: 'A', version: 2, plan: planA, source: 'manual', note: null, createdBy: 'li' })).toBe(false);
    expect((await currentPlanVersions(ctx.store, ['A'])).get('A')).toBe(2);
    expect((await listPlanVersions(ctx.store, 'A')).map((v) => [v.version, v.source, v.createdBy])).toEqual([
      [2, 'suggestion', 'wang'],
      [1, 'network', 'system'],
    ]);
    expect(await planVersion(ctx.store, 'A', 1)).toMatchObject({ version: 1, current: false, plan: planA });
    expect(await planVersion(ctx.store, 'A', 2)).toMatchObject({ version: 2, current: true, plan: v2, note: 'suggestion 1' });
    expect(await planVersion(ctx.store, 'A', 3)).toBeUndefined();
  });

  it('sums the movement minutes of a window per movement', async () => {
    // A-W T: minutes 0..2 inside [T0, T0 + 3 min), 10 + 11 + 12 = 33 vehicles, one degraded minute; minute 3 is outside.
    await upsertMovementMinutes(ctx.store, [
      minute(T0, 'A-W', 'T', 10),
      minute(T0 + 60_000, 'A-W', 'T', 11, true),
      minute(T0 + 120_000, 'A-W', 'T', 12),
      minute(T0 + 180_000, 'A-W', 'T', 99),
      minute(T0, 'A-W', 'L', 4),
      minute(T0, 'B-W', 'T', 7),
    ]);
    const rows = await movementWindow(ctx.store, ['A'], T0, T0 + 180_000);
    expect(rows).toEqual([
      { intersectionId: 'A', approachId: 'A-W', movement: 'L', minutes: 1, degradedMinutes: 0, volumeVeh: 4, arrivals: 4, arrivalsOnGreen: 2, greenS: 25 },
      { intersectionId: 'A', approachId: 'A-W', movement: 'T', minutes: 3, degradedMinutes: 1, volumeVeh: 33, arrivals: 33, arrivalsOnGreen: 16.5, greenS: 75 },
    ]);
    expect(await movementWindow(ctx.store, ['A', 'B'], T0, T0 + 60_000)).toHaveLength(3);
  });
});
