/**
 * The HTTP ingest routes through `app.inject` on PGlite: formats, compression, partial
 * and total rejection, unusable bodies, limits, scope, overload, and file uploads.
 * (test/integration/ingest-http.test.ts runs the full app on the PostgreSQL server.)
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPgliteStore } from '../../../services/store/pglite.adapter.js';
import { migrate } from '../../../services/store/migrate.js';
import type { SqlPort } from '../../../services/store/port.js';
import { recentRejects } from '../../../services/store/repositories/reject.repository.js';
import { ingestHarness, type IngestHarness } from '../harness.js';

const NOW = Date.now();
const ev = (fields: Record<string, unknown> = {}) => JSON.stringify({ intersection: 'A', ts: NOW, code: 82, param: 5, ...fields });
const ndjson = { 'content-type': 'application/x-ndjson', 'x-api-key': 'key-all' };

describe('HTTP ingest routes', () => {
  let store: SqlPort;
  let harness: IngestHarness;
  const count = async (table: string) => (await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n;

  beforeAll(async () => {
    store = await openPgliteStore();
    await migrate(store);
    harness = await ingestHarness(store, { maxBodyBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await harness.close();
    await store.close();
  });
  beforeEach(async () => {
    await store.query('DELETE FROM controller_events');
    await store.query('DELETE FROM detector_samples');
    await store.query('DELETE FROM ingest_rejects');
  });

  it('stores NDJSON events and answers after commit with the counts', async () => {
    const res = await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: ndjson, payload: `${ev({ seq: 1 })}\n${ev({ param: 6, seq: 2 })}\n` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: 0, late: 0, rejectedByReason: {}, rejects: [] });
    expect(await count('controller_events')).toBe(2);
  });

  it('accepts a JSON array, a single object and gzip bodies; a resend is acknowledged as duplicates', async () => {
    const array = `[${ev()},${ev({ param: 6 })}]`;
    const json = { 'content-type': 'application/json', 'x-api-key': 'key-all' };
    expect((await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: json, payload: array })).json()).toMatchObject({ accepted: 2 });
    expect((await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: json, payload: ev({ param: 7 }) })).json()).toMatchObject({ accepted: 1 });
    const gzipped = await harness.app.inject({
      method: 'POST',
      url: '/ingest/v1/events',
      headers: { ...ndjson, 'content-encoding': 'gzip' },
      payload: gzipSync(`${ev()}\n${ev({ param: 6 })}\n${ev({ param: 8 })}`),
    });
    expect(gzipped.json()).toMatchObject({ accepted: 3, duplicates: 2 });
    expect(await count('controller_events')).toBe(4);
  });

  it('lists the first rejects with line numbers and quarantines each', async () => {
    const res = await harness.app.inject({
      method: 'POST',
      url: '/ingest/v1/events',
      headers: ndjson,
      payload: [ev(), '{"intersection":', ev({ intersection: 'Q' }), '', ev({ code: 300 })].join('\n'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 1,
      rejected: 3,
      rejectedByReason: { MALFORMED_JSON: 1, UNKNOWN_INTERSECTION: 1, CODE_OUT_OF_RANGE: 1 },
      rejects: [
        { line: 2, reason: 'MALFORMED_JSON' },
        { line: 3, reason: 'UNKNOWN_INTERSECTION', field: 'intersection' },
        { line: 5, reason: 'CODE_OUT_OF_RANGE', field: 'code' },
      ],
    });
    expect((await recentRejects(store)).map((r) => [r.line, r.feedId, r.raw.slice(0, 16)])).toEqual([
      [5, 'k-all', ev({ code: 300 }).slice(0, 16)],
      [3, 'k-all', ev().slice(0, 16)],
      [2, 'k-all', '{"intersection":'],
    ]);
    const metrics = await harness.registry.metrics();
    expect(metrics).toMatch(/zhidu_ingest_rejected_total\{feed="k-all",transport="http",reason="MALFORMED_JSON"\} [1-9]/);
    expect(metrics).toMatch(/zhidu_ingest_accepted_total\{feed="k-all",transport="http",kind="event"\} [1-9]/);
  });

  it('answers 422 problem+json when nothing is usable, and 400 when there is nothing at all', async () => {
    const none = await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: ndjson, payload: 'hello\n[1]' });
    expect(none.statusCode).toBe(422);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.json()).toMatchObject({
      code: 'ZHIDU_ERR_UNPROCESSABLE',
      accepted: 0,
      rejected: 2,
      errors: [
        { field: '(record)', line: 1, reason: expect.stringMatching(/^MALFORMED_JSON/) },
        { field: '(record)', line: 2, reason: expect.stringMatching(/^NOT_AN_OBJECT/) },
      ],
    });
    expect(await count('ingest_rejects')).toBe(2);
    const empty = await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: ndjson, payload: '\n\n' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'ZHIDU_ERR_VALIDATION' });
  });

  it('refuses unknown media types and encodings with 415', async () => {
    const text = await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: { 'content-type': 'text/plain', 'x-api-key': 'key-all' }, payload: ev() });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'ZHIDU_ERR_UNSUPPORTED_MEDIA_TYPE' });
    const zstd = await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: { ...ndjson, 'content-encoding': 'zstd' }, payload: ev() });
    expect(zstd.statusCode).toBe(415);
  });

  it('quarantines a corrupt gzip body and a broken JSON array as a whole', async () => {
    const corrupt = await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: { ...ndjson, 'content-encoding': 'gzip' }, payload: Buffer.from('not gzip at all') });
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json()).toMatchObject({ errors: [{ field: '/body', reason: expect.stringMatching(/^MALFORMED_BODY/) }] });
    const broken = await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: { ...ndjson, 'content-type': 'application/json' }, payload: `[${ev()},` });
    expect(broken.statusCode).toBe(400);
    const rejects = await recentRejects(store);
    expect(rejects.map((r) => [r.reasonCode, r.line])).toEqual([
      ['MALFORMED_BODY', null],
      ['MALFORMED_BODY', null],
    ]);
    expect(rejects[0]?.raw).toBe(`[${ev()},`);
  });

  it('refuses bodies over the limit, also when they only grow on decompression (413)', async () => {
    const big = Array.from({ length: 2000 }, (_, i) => ev({ param: (i % 28) + 1, ts: NOW - i })).join('\n');
    const declared = await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: ndjson, payload: big });
    expect(declared.statusCode).toBe(413);
    // ~150 KB of NDJSON compresses to a few KB: the limit applies after decompression.
    const bomb = await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: { ...ndjson, 'content-encoding': 'gzip' }, payload: gzipSync(big) });
    expect(bomb.statusCode).toBe(413);
    expect(bomb.json()).toMatchObject({ code: 'ZHIDU_ERR_PAYLOAD_TOO_LARGE', errors: [{ field: '/body' }] });
    expect((await recentRejects(store)).map((r) => r.reasonCode)).toEqual(['BODY_TOO_LARGE']);
  });

  it('needs a feed key and keeps each key to its intersections', async () => {
    const anonymous = await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: { 'content-type': 'application/x-ndjson' }, payload: ev() });
    expect(anonymous.statusCode).toBe(401);
    const scoped = await harness.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: { ...ndjson, 'x-api-key': 'key-a' }, payload: `${ev()}\n${ev({ intersection: 'B' })}` });
    expect(scoped.json()).toMatchObject({ accepted: 1, rejected: 1, rejects: [{ line: 2, reason: 'OUT_OF_SCOPE' }] });
  });

  it('stores detector samples and refuses events sent to the samples endpoint', async () => {
    const sample = JSON.stringify({ detector: 'B-W-SB1', ts: NOW - 60_000, intervalS: 60, volume: 9 });
    const res = await harness.app.inject({ method: 'POST', url: '/ingest/v1/samples', headers: ndjson, payload: `${sample}\n${ev()}` });
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 1, rejects: [{ line: 2, reason: 'WRONG_KIND' }] });
    expect(await count('detector_samples')).toBe(1);
  });

  it('answers 503 with Retry-After while the backlog is full', async () => {
    const busy = await ingestHarness(store, { limits: { maxPendingRows: 1000, batchRows: 5000, batchWaitMs: 300 } });
    try {
      const body = Array.from({ length: 1000 }, (_, i) => ev({ ts: NOW - i })).join('\n');
      const first = busy.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: ndjson, payload: body });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const second = await busy.app.inject({ method: 'POST', url: '/ingest/v1/events', headers: ndjson, payload: ev() });
      expect(second.statusCode).toBe(503);
      expect(second.headers['retry-after']).toBe('1');
      expect(second.json()).toMatchObject({ code: 'ZHIDU_ERR_OVERLOADED', retryAfterS: 1 });
      expect((await first).statusCode).toBe(200);
      expect(await busy.registry.metrics()).toMatch(/zhidu_ingest_refused_total\{feed="k-all",transport="http",code="ZHIDU_ERR_OVERLOADED"\} 1/);
    } finally {
      await busy.close();
    }
  });

  it('imports an uploaded CSV log, reading local times in the stated zone', async () => {
    const csv = 'Timestamp,EventCode,EventParam\n' + [0, 1, 2].map((s) => `${new Date(NOW - 3_600_000 + s * 1000 + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')},82,5`).join('\n') + '\nbad,row\n';
    const boundary = 'zhidu-boundary';
    const payload = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="intersection"',
      '',
      'A',
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="a.csv"',
      'Content-Type: text/csv',
      '',
      csv,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const res = await harness.app.inject({
      method: 'POST',
      url: '/ingest/v1/files',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-api-key': 'key-all' },
      payload,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ format: 'csv', compressed: false, timeZone: 'Asia/Shanghai', accepted: 3, rejected: 1, rejects: [{ line: 5, reason: 'MALFORMED_CSV' }] });
    // The local times were written as UTC+8 wall clock: stored instants are NOW − 1 h (+0, 1, 2 s), to the second.
    const stored = await store.query<{ ts: Date }>('SELECT ts FROM controller_events ORDER BY ts');
    expect(stored.rows.map((r) => Math.floor(r.ts.getTime() / 1000))).toEqual([0, 1, 2].map((s) => Math.floor((NOW - 3_600_000) / 1000) + s));
  });
});
