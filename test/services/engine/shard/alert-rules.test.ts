import { describe, expect, it } from 'vitest';
import type { ApproachMinute, IntersectionMinute } from '../../../../services/contracts/measures.js';
import { congestionLevel } from '../../../../services/engine/measures/congestion-index.js';
import { AlertRules } from '../../../../services/engine/shard/alert-rules.js';
import { at } from '../../../fixtures/engine/event-builders.js';

const A = { id: 'A', lon: 117.2, lat: 39.12 };

function intersectionMinute(minute: number, index: number): IntersectionMinute {
  return { ts: at(minute * 60), intersectionId: 'A', volumeVeh: 30, splitFailures: 0, flowVph: 1800, controlDelayS: 40, congestionIndex: index, level: congestionLevel(index), degraded: false };
}

function approachMinute(minute: number, spillback: boolean): ApproachMinute {
  return {
    ts: at(minute * 60),
    intersectionId: 'A',
    approachId: 'A-W',
    volumeVeh: 10,
    splitFailures: 0,
    cycles: 1,
    spillback,
    flowVph: 600,
    vc: 0.9,
    controlDelayS: 50,
    los: 'D',
    aogPct: 40,
    queueVeh: 20,
    queueM: 140,
    atspmDelayS: 20,
    linkSpeedKmh: 18,
    congestionIndex: spillback ? 8 : 5.5,
    level: spillback ? 'severe' : 'light',
    degraded: [],
  };
}

describe('alert rules', () => {
  it('opens a congestion alert after 3 minutes at index ≥ 6, updates it, and closes it after 3 minutes below 5', () => {
    const rules = new AlertRules(A);
    // index per minute: 6.5 6.2 (2 minutes: not yet) 5.9 (reset) 6.1 6.4 7.0 (opens at the 3rd) 8.2 (critical) 5.5 4.9 4.8 5.2 4.0 4.1 4.2 (closes)
    const indices = [6.5, 6.2, 5.9, 6.1, 6.4, 7.0, 8.2, 5.5, 4.9, 4.8, 5.2, 4.0, 4.1, 4.2];
    const log: string[] = [];
    indices.forEach((index, minute) => {
      for (const update of rules.onIntersectionMinute(intersectionMinute(minute, index), [])) log.push(`${minute}:${update.status}:${update.severity}`);
    });
    // opens at minute 5 (the third consecutive minute ≥ 6), updates every minute while active (severity follows the index),
    // stays open through 5.5 (not below 5) and 5.2 (resets the calm count), closes at the third minute below 5 (minute 13)
    expect(log).toEqual(['5:open:warning', '6:open:critical', '7:open:warning', '8:open:warning', '9:open:warning', '10:open:warning', '11:open:warning', '12:open:warning', '13:closed:warning']);
    const closed = rules.onIntersectionMinute(intersectionMinute(14, 7), []);
    expect(closed).toEqual([]); // a new cause needs 3 minutes again
  });

  it('does not storm when the index hovers around the threshold', () => {
    const rules = new AlertRules(A);
    let opened = 0;
    let closed = 0;
    for (let minute = 0; minute < 120; minute++) {
      const index = minute % 2 === 0 ? 6.1 : 5.9; // in and out every minute
      for (const update of rules.onIntersectionMinute(intersectionMinute(minute, index), [])) {
        if (update.status === 'closed') closed++;
        else if (update.openedAt === update.updatedAt) opened++;
      }
    }
    expect([opened, closed]).toEqual([0, 0]);
  });

  it('keeps one alert per cause with a deterministic id, and closes spillback after 3 quiet minutes', () => {
    const rules = new AlertRules(A);
    const updates = [true, true, false, true, false, false, false].flatMap((spill, minute) => rules.onApproachMinute(approachMinute(minute, spill)));
    expect(new Set(updates.map((u) => u.id))).toEqual(new Set([`spillback:A-W:${at(60)}`]));
    expect(updates.map((u) => u.status)).toEqual(['open', 'open', 'open', 'closed']);
    expect(updates.at(-1)).toMatchObject({ closedAt: at(7 * 60), approachId: 'A-W', position: [117.2, 39.12] });
  });

  it('continues alerts restored after a restart instead of opening new ones', () => {
    const rules = new AlertRules(A);
    rules.restore([
      {
        id: `congestion:A:${at(0)}`,
        kind: 'congestion',
        severity: 'warning',
        status: 'acknowledged',
        intersectionId: 'A',
        approachId: null,
        detectorId: null,
        position: [117.2, 39.12],
        openedAt: at(0),
        updatedAt: at(60),
        closedAt: null,
        acknowledgedBy: 'officer.li',
        details: {},
        sourceTs: at(60),
      },
    ]);
    const updates = [7, 4, 4, 4].flatMap((index, i) => rules.onIntersectionMinute(intersectionMinute(10 + i, index), []));
    expect(updates.map((u) => [u.id, u.status])).toEqual([
      [`congestion:A:${at(0)}`, 'open'],
      [`congestion:A:${at(0)}`, 'open'],
      [`congestion:A:${at(0)}`, 'open'],
      [`congestion:A:${at(0)}`, 'closed'],
    ]);
  });
});
