import { describe, expect, it } from 'vitest';
import { RecordValidator, timeWindow, type ValidationWindow } from '../../ingest/validate.js';
import { twoIntersectionIndex } from '../helpers/networks.js';

const NOW = Date.UTC(2026, 10, 27, 8, 0, 0);
const validator = new RecordValidator(twoIntersectionIndex());
const live: ValidationWindow = { scope: null, ...timeWindow(NOW, 'live', { latenessS: 3600, retentionDays: 90 }) };
const event = (fields: Partial<{ intersectionId: string; ts: number; code: number; param: number }>) => ({
  intersectionId: 'A',
  ts: NOW,
  code: 82,
  param: 5,
  seq: null,
  ...fields,
});
const sample = (fields: Partial<{ detectorId: string; ts: number }>) => ({
  detectorId: 'B-W-SB1',
  ts: NOW,
  intervalS: 60,
  volume: 3,
  occupancyPct: null,
  speedKmh: null,
  queueM: null,
  seq: null,
  ...fields,
});

describe('RecordValidator', () => {
  it('accepts a known intersection, a wired channel and a recent time', () => {
    expect(validator.checkEvent(event({}), live)).toBeUndefined();
    // Phase events are not checked against detector channels: param 2 is phase 2.
    expect(validator.checkEvent(event({ code: 1, param: 2 }), live)).toBeUndefined();
  });

  it('refuses unknown intersections and unwired detector channels (codes 81–88 only)', () => {
    expect(validator.checkEvent(event({ intersectionId: 'Z' }), live)?.reason).toBe('UNKNOWN_INTERSECTION');
    // The fixture wires channels 1..28 at A.
    expect(validator.checkEvent(event({ param: 29 }), live)).toMatchObject({ reason: 'UNKNOWN_CHANNEL', field: 'param' });
    expect(validator.checkEvent(event({ code: 86, param: 29 }), live)?.reason).toBe('UNKNOWN_CHANNEL');
    expect(validator.checkEvent(event({ code: 89, param: 29 }), live)).toBeUndefined();
  });

  it('bounds live time: 5 minutes ahead, the lateness window behind (inclusive)', () => {
    expect(validator.checkEvent(event({ ts: NOW + 300_000 }), live)).toBeUndefined();
    expect(validator.checkEvent(event({ ts: NOW + 300_001 }), live)?.reason).toBe('TS_IN_FUTURE');
    expect(validator.checkEvent(event({ ts: NOW - 3_600_000 }), live)).toBeUndefined();
    expect(validator.checkEvent(event({ ts: NOW - 3_600_001 }), live)).toMatchObject({ reason: 'TS_TOO_OLD', detail: expect.stringMatching(/lateness window of 3600 s/) });
  });

  it('lets imports be historical, back to the retention period', () => {
    const history: ValidationWindow = { scope: null, ...timeWindow(NOW, 'historical', { latenessS: 3600, retentionDays: 90 }) };
    expect(validator.checkEvent(event({ ts: NOW - 89 * 86_400_000 }), history)).toBeUndefined();
    expect(validator.checkEvent(event({ ts: NOW - 91 * 86_400_000 }), history)).toMatchObject({ reason: 'TS_TOO_OLD', detail: expect.stringMatching(/retention period of 90 days/) });
    expect(validator.checkEvent(event({ ts: NOW + 3_600_000 }), history)?.reason).toBe('TS_IN_FUTURE');
  });

  it('enforces the feed key scope', () => {
    const onlyB: ValidationWindow = { ...live, scope: new Set(['B']) };
    expect(validator.checkEvent(event({}), onlyB)).toMatchObject({ reason: 'OUT_OF_SCOPE', intersectionId: 'A' });
    expect(validator.checkEvent(event({ intersectionId: 'B' }), onlyB)).toBeUndefined();
  });

  it('resolves a sample to its detector’s intersection', () => {
    expect(validator.checkSample(sample({}), live)).toBe('B');
    expect(validator.checkSample(sample({ detectorId: 'nope' }), live)).toMatchObject({ reason: 'UNKNOWN_DETECTOR' });
    expect(validator.checkSample(sample({}), { ...live, scope: new Set(['A']) })).toMatchObject({ reason: 'OUT_OF_SCOPE' });
    expect(validator.checkSample(sample({ ts: NOW + 3_600_000 }), live)).toMatchObject({ reason: 'TS_IN_FUTURE' });
  });
});
