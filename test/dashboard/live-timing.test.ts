import { describe, expect, it } from 'vitest';
import { createServerClock } from '../../dashboard/src/api/server-clock.js';
import { renewDelayMs } from '../../dashboard/src/api/session.js';
import { appendAreaPoints, mergeHistory, parseHistory, serializeHistory } from '../../dashboard/src/live/index-history.js';
import { isStale, STALE_AFTER_MS } from '../../dashboard/src/live/staleness.js';
import type { AreaState } from '../../services/contracts/live.js';

describe('live timing', () => {
  it('estimates the server clock offset from Date headers', () => {
    let local = 1_000_000;
    const clock = createServerClock(() => local);
    expect(clock.offsetMs()).toBe(0);
    // Server is 30.4 s ahead. Header 1: sent at local 1 000 000, received 1 000 100; the server
    // wrote floor((1 000 050 + 30 400) / 1000) s = 1 030 000 → offset ∈ [1 030 000 − 1 000 100, 1 031 000 − 1 000 000] = [29 900, 31 000].
    clock.observe(new Date(1_030_000).toUTCString(), 1_000_000, 1_000_100);
    expect(clock.offsetMs()).toBe((29_900 + 31_000) / 2);
    // Header 2 at local 1 000 700: server wrote floor(1 031 150 / 1000) s = 1 031 000 → [30 200, 31 300]; intersection [30 200, 31 000].
    clock.observe(new Date(1_031_000).toUTCString(), 1_000_700, 1_000_800);
    expect(clock.offsetMs()).toBe((30_200 + 31_000) / 2);
    local = 2_000_000;
    expect(clock.now()).toBe(2_000_000 + 30_600);
    // The server clock is set back an hour: the intervals no longer meet, so the estimate restarts.
    clock.observe(new Date(1_000_000 - 3_600_000).toUTCString(), 1_000_000, 1_000_100);
    expect(clock.offsetMs()).toBeLessThan(-3_000_000);
  });

  it('renews at 75 % of the token life with a minute to spare, at least half-way, never sooner than 5 s', () => {
    // 900 s token: 75 % = 675 s (225 s to spare ≥ 60 s)
    expect(renewDelayMs({ issuedAt: 0, expiresAt: 900_000 }, 0)).toBe(675_000);
    expect(renewDelayMs({ issuedAt: 0, expiresAt: 900_000 }, 600_000)).toBe(75_000);
    expect(renewDelayMs({ issuedAt: 0, expiresAt: 900_000 }, 899_000)).toBe(5_000);
    // 180 s token: 75 % = 135 s leaves 45 s; a minute to spare → 120 s
    expect(renewDelayMs({ issuedAt: 0, expiresAt: 180_000 }, 0)).toBe(120_000);
    // 30 s token: 75 % leaves 7.5 s, a minute is impossible → half its life, 15 s
    expect(renewDelayMs({ issuedAt: 0, expiresAt: 30_000 }, 0)).toBe(15_000);
  });

  it('is stale after 10 s without a message, counting from the start before the first', () => {
    expect(STALE_AFTER_MS).toBe(10_000);
    expect(isStale({ lastMessageAt: 1_000, startedAt: 0 }, 11_000)).toBe(false);
    expect(isStale({ lastMessageAt: 1_000, startedAt: 0 }, 11_001)).toBe(true);
    expect(isStale({ lastMessageAt: null, startedAt: 0 }, 10_001)).toBe(true);
  });

  it('keeps the index history of the chosen areas within the window', () => {
    const city = (sourceTs: number, congestionIndex: number): AreaState => ({ scope: 'city', sourceTs, congestionIndex, level: 'light', severeSharePct: 0 });
    let history = appendAreaPoints(new Map(), [city(0, 1), { ...city(0, 9), scope: 'district:x' }], { scopes: ['city'], windowMs: 10_000 });
    history = appendAreaPoints(history, [city(0, 2)], { scopes: ['city'], windowMs: 10_000 });
    history = appendAreaPoints(history, [city(6_000, 3)], { scopes: ['city'], windowMs: 10_000 });
    history = appendAreaPoints(history, [city(12_000, 4)], { scopes: ['city'], windowMs: 10_000 });
    expect(history.get('city')).toEqual([
      { ts: 6_000, index: 3 },
      { ts: 12_000, index: 4 },
    ]);
    expect(history.has('district:x')).toBe(false);
    expect(mergeHistory([{ ts: 6_000, index: 3 }], [{ ts: 0, index: 1 }, { ts: 6_000, index: 2 }])).toEqual([
      { ts: 0, index: 1 },
      { ts: 6_000, index: 3 },
    ]);
  });

  it('keeps one trend point per bucket and survives a reload through storage', () => {
    const city = (sourceTs: number, congestionIndex: number): AreaState => ({ scope: 'city', sourceTs, congestionIndex, level: 'light', severeSharePct: 0 });
    let history = appendAreaPoints(new Map(), [city(1_000, 1)], { scopes: ['city'], windowMs: 3_600_000, bucketMs: 30_000 });
    // 1 s and 29 s fall in the bucket [0, 30 s): the newer value replaces the older; 31 s starts the next.
    history = appendAreaPoints(history, [city(29_000, 2)], { scopes: ['city'], windowMs: 3_600_000, bucketMs: 30_000 });
    history = appendAreaPoints(history, [city(31_000, 3)], { scopes: ['city'], windowMs: 3_600_000, bucketMs: 30_000 });
    expect(history.get('city')).toEqual([
      { ts: 29_000, index: 2 },
      { ts: 31_000, index: 3 },
    ]);
    const restored = parseHistory(serializeHistory(history), 40_000, 3_600_000);
    expect(restored.get('city')).toEqual(history.get('city'));
    // older than the window at reload time: dropped; garbage: an empty history
    expect(parseHistory(serializeHistory(history), 31_000 + 3_600_001, 3_600_000).size).toBe(0);
    expect(parseHistory('{not json', 0, 1).size).toBe(0);
    expect(parseHistory(JSON.stringify({ version: 1, series: { city: [[1, 'x'], 'y'] } }), 10, 100).size).toBe(0);
  });
});
