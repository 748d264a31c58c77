/** Which minutes a run reads, how its notices go out, and plan comparison through jsonb. */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../services/timing/canonical-json.js';
import { suggestionNotices } from '../../../services/timing/suggestion-notices.js';
import { lastClosedQuarter, windowEndingAt } from '../../../services/timing/suggestion-window.js';

const at = (iso: string) => Date.parse(iso);

describe('run window', () => {
  it('is the last quarter hour whose minutes have all closed (one minute after their end)', () => {
    // 08:16:30 − 1 min = 08:15:30 → the quarter ending 08:15.
    expect(lastClosedQuarter(at('2026-11-27T08:16:30+08:00'))).toEqual({ from: at('2026-11-27T08:00:00+08:00'), to: at('2026-11-27T08:15:00+08:00') });
    // 08:15:30 − 1 min = 08:14:30: the minute 08:14 closes at 08:16, so the quarter ending 08:00.
    expect(lastClosedQuarter(at('2026-11-27T08:15:30+08:00'))).toEqual({ from: at('2026-11-27T07:45:00+08:00'), to: at('2026-11-27T08:00:00+08:00') });
    expect(lastClosedQuarter(at('2026-11-27T08:16:00+08:00')).to).toBe(at('2026-11-27T08:15:00+08:00'));
  });

  it('ends where asked, on a whole minute', () => {
    expect(windowEndingAt(at('2026-11-27T08:07:00+08:00'))).toEqual({ from: at('2026-11-27T07:52:00+08:00'), to: at('2026-11-27T08:07:00+08:00') });
    expect(() => windowEndingAt(at('2026-11-27T08:07:30+08:00'))).toThrow(/whole minute/);
  });
});

describe('suggestion notices', () => {
  it('tell every intersection, and the corridor once', () => {
    const change = { suggestionId: '7', kind: 'corridor' as const, targetId: 'c1', intersectionIds: ['A', 'B'], status: 'approved' as const };
    expect(suggestionNotices(change, 5)).toEqual([
      { suggestionId: '7', intersectionId: 'A', corridorId: 'c1', status: 'approved', sourceTs: 5 },
      { suggestionId: '7', intersectionId: 'B', corridorId: null, status: 'approved', sourceTs: 5 },
    ]);
    expect(suggestionNotices({ ...change, kind: 'intersection', targetId: 'A', intersectionIds: ['A'], status: 'proposed' }, 5)).toEqual([
      { suggestionId: '7', intersectionId: 'A', corridorId: null, status: 'proposed', sourceTs: 5 },
    ]);
    expect(suggestionNotices({ ...change, status: 'superseded' }, 5)).toEqual([]);
  });
});

describe('canonical JSON', () => {
  it('ignores key order at any depth, not array order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson({ x: [1, 2] })).not.toBe(canonicalJson({ x: [2, 1] }));
  });
});
