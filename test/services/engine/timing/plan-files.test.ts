/** Plan versions side by side (diff) and as the files taken to the controller (JSON, CSV). */
import { describe, expect, it } from 'vitest';
import type { TimingPlan } from '../../../../geo/network/network.schema.js';
import { groupFlags } from '../../../../services/engine/timing/flag-groups.js';
import { diffPlans } from '../../../../services/engine/timing/plan-diff.js';
import { planCsv, planExportJson } from '../../../../services/engine/timing/plan-export.js';
import { phase, twoPhasePlan } from './timing-fixtures.js';

const before: TimingPlan = { ...twoPhasePlan(60, 40, { 2: { pedWalkS: 7, pedClearS: 12 } }), id: 'TJ09-am', offsetS: 12 };

describe('plan diff', () => {
  it('lists what moved, field by field', () => {
    const after: TimingPlan = { ...before, id: 'TJ09-am-proposed', cycleS: 90, offsetS: 12, phases: [phase(2, 52, { pedWalkS: 7, pedClearS: 12 }), phase(4, 38, { maxGreenS: 45 })] };
    const diff = diffPlans(before, after);
    expect(diff.changed).toBe(true);
    expect(diff.planId).toEqual({ from: 'TJ09-am', to: 'TJ09-am-proposed' });
    expect(diff.cycleS).toEqual({ from: 100, to: 90 });
    expect(diff.offsetS).toBeNull();
    expect(diff.coordinatedPhases).toBeNull();
    expect(diff.structureChanged).toBe(false);
    expect(diff.phases).toEqual([
      { phase: 2, status: 'changed', changes: { splitS: { from: 60, to: 52 } } },
      { phase: 4, status: 'changed', changes: { splitS: { from: 40, to: 38 }, maxGreenS: { from: null, to: 45 } } },
    ]);
  });

  it('sees added and removed phases and a new ring structure; nothing changed against itself', () => {
    const threePhase: TimingPlan = { ...before, rings: [[2, 4, 6]], barriers: [[2], [4], [6]], phases: [...before.phases, phase(6, 20)], cycleS: 120 };
    const diff = diffPlans(before, threePhase);
    expect(diff.structureChanged).toBe(true);
    expect(diff.phases.map((p) => [p.phase, p.status])).toEqual([
      [2, 'same'],
      [4, 'same'],
      [6, 'added'],
    ]);
    expect(diffPlans(threePhase, before).phases[2]).toEqual({
      phase: 6,
      status: 'removed',
      changes: { splitS: { from: 20, to: null }, minGreenS: { from: 5, to: null }, yellowS: { from: 3, to: null }, allRedS: { from: 2, to: null } },
    });
    expect(diffPlans(before, structuredClone(before))).toMatchObject({ changed: false, cycleS: null, phases: [{ status: 'same' }, { status: 'same' }] });
  });
});

describe('plan export', () => {
  it('writes one CSV row per phase in ring order, green = split − yellow − all-red', () => {
    // Phase 2: 60 − 3 − 2 = 55 s green; phase 4: 40 − 5 = 35 s.
    expect(planCsv({ intersectionId: 'TJ09', version: 3 }, before).split('\r\n')).toEqual([
      'intersection_id,plan_version,plan_id,cycle_s,offset_s,coordinated_phases,ring,ring_position,phase,split_s,green_s,min_green_s,max_green_s,yellow_s,all_red_s,ped_walk_s,ped_clear_s',
      'TJ09,3,TJ09-am,100,12,2,1,1,2,60,55,5,,3,2,7,12',
      'TJ09,3,TJ09-am,100,12,2,1,2,4,40,35,5,,3,2,,',
      '',
    ]);
  });

  it('quotes cells that need it and defuses spreadsheet formulas', () => {
    const csv = planCsv({ intersectionId: '=HYPERLINK("x")', version: 1 }, before);
    expect(csv.split('\r\n')[1]?.startsWith(`"'=HYPERLINK(""x"")",1,`)).toBe(true);
  });

  it('carries the plan and where it came from in the JSON', () => {
    const header = { intersectionId: 'TJ09', version: 3, source: 'suggestion', createdAt: '2026-11-27T08:15:00.000Z', createdBy: 'wang', note: 'suggestion 7' };
    expect(planExportJson(header, before)).toEqual({ format: 'zhidu-timing-plan/1', ...header, plan: before });
  });
});

describe('flag groups', () => {
  it('folds the per-phase change-interval flags into one line per kind and keeps the others', () => {
    const groups = groupFlags([
      { code: 'yellow-short', phase: 6, approachId: 'X-E', yellowS: 3, requiredS: 4.1 },
      { code: 'cycle-kept', currentS: 120, websterS: 118 },
      { code: 'yellow-short', phase: 2, approachId: 'X-W', yellowS: 3, requiredS: 3.9 },
      { code: 'all-red-short', phase: 2, approachId: 'X-W', allRedS: 1, requiredS: 2.4 },
      { code: 'yellow-short', phase: 2, approachId: 'X-W2', yellowS: 3.5, requiredS: 3.9 },
    ]);
    expect(groups).toEqual([
      { flag: { code: 'cycle-kept', currentS: 120, websterS: 118 } },
      { group: { code: 'yellow-short', phases: [2, 6], approachIds: ['X-E', 'X-W', 'X-W2'], currentS: { min: 3, max: 3.5 }, requiredS: { min: 3.9, max: 4.1 } } },
      { group: { code: 'all-red-short', phases: [2], approachIds: ['X-W'], currentS: { min: 1, max: 1 }, requiredS: { min: 2.4, max: 2.4 } } },
    ]);
    expect(groupFlags([])).toEqual([]);
  });
});
