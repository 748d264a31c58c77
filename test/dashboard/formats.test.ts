import { describe, expect, it } from 'vitest';
import { ageOf } from '../../dashboard/src/format/age.js';
import { formatIndex, formatNumber } from '../../dashboard/src/format/numbers.js';
import { epochToShanghaiLocal, formatClock, formatDate, formatDateTime, shanghaiLocalToEpoch } from '../../dashboard/src/format/time.js';
import { levelOfIndex, textOnLevel } from '../../dashboard/src/levels.js';

describe('dashboard formats', () => {
  it('shows times in Asia/Shanghai whatever the machine zone', () => {
    // 2026-11-27 23:30:05 UTC is 2026-11-28 07:30:05 in Shanghai (UTC+8, no DST).
    const ts = Date.UTC(2026, 10, 27, 23, 30, 5);
    expect(formatClock(ts, 'zh-CN')).toBe('07:30:05');
    expect(formatClock(ts, 'en')).toBe('07:30:05');
    expect(formatDate(ts, 'zh-CN')).toBe('2026/11/28');
    expect(formatDateTime(ts, 'zh-CN')).toBe('2026/11/28 07:30:05');
  });

  it('converts the range picker values from and to Shanghai wall time', () => {
    expect(shanghaiLocalToEpoch('2026-11-27T08:00')).toBe(Date.UTC(2026, 10, 27, 0, 0));
    expect(epochToShanghaiLocal(Date.UTC(2026, 10, 27, 0, 0))).toBe('2026-11-27T08:00');
    expect(shanghaiLocalToEpoch('27/11/2026')).toBeNull();
  });

  it('gives ages in the largest whole unit, never negative', () => {
    expect(ageOf(1_000, 6_500)).toEqual({ unit: 'seconds', count: 5 });
    expect(ageOf(0, 59_999)).toEqual({ unit: 'seconds', count: 59 });
    expect(ageOf(0, 60_000)).toEqual({ unit: 'minutes', count: 1 });
    expect(ageOf(0, 7_260_000)).toEqual({ unit: 'hours', count: 2 });
    expect(ageOf(0, 3 * 86_400_000)).toEqual({ unit: 'days', count: 3 });
    // a source clock 2 s ahead of ours: "just now", not "-2 s"
    expect(ageOf(12_000, 10_000)).toEqual({ unit: 'seconds', count: 0 });
  });

  it('formats measures with a dash for missing values', () => {
    expect(formatNumber(null, 'en')).toBe('–');
    expect(formatNumber(Number.NaN, 'en')).toBe('–');
    expect(formatNumber(1234.5, 'en', 1)).toBe('1,234.5');
    expect(formatIndex(7.25, 'zh-CN')).toBe('7.3');
  });

  it('maps an index to the five GB/T 33171 levels at 2, 4, 6, 8', () => {
    expect([0, 1.99, 2, 3.99, 4, 5.99, 6, 7.99, 8, 10].map(levelOfIndex)).toEqual([
      'smooth',
      'smooth',
      'mostly-smooth',
      'mostly-smooth',
      'light',
      'light',
      'moderate',
      'moderate',
      'severe',
      'severe',
    ]);
    expect(textOnLevel('severe')).toBe('#fff');
    expect(textOnLevel('light')).toBe('#111');
  });
});
