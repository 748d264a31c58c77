/**
 * The pipeline and its group commit on every store target (PostgreSQL server, PGlite,
 * TimescaleDB PGlite): exactly-once storage, quarantine, atomic failure, backpressure
 * and the hand-off.
 */
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { IngestOverloadedError, IngestWriteError } from '../../ingest/batcher.js';
import { NdjsonDecoder, type RecordShape } from '../../ingest/formats/json-records.js';
import { IngestPipeline, type IngestLimits } from '../../ingest/pipeline.js';
import type { IngestSource } from '../../ingest/records.js';
import type { FeedPrincipal } from '../../services/contracts/identity.js';
import type { CommittedBatch } from '../../services/contracts/records.js';
import { recentRejects } from '../../services/store/repositories/reject.repository.js';
import { twoIntersectionIndex } from '../helpers/networks.js';
import { describeEachStore } from '../helpers/test-stores.js';

const NOW = Date.UTC(2026, 10, 27, 8, 0, 0);
const feed: FeedPrincipal = { kind: 'feed', keyId: 'k1', name: 'test feed', intersections: null };
const live: IngestSource = { feed, transport: 'http', policy: 'live' };

function ev(intersection: string, tsOffsetMs: number, code: number, param: number, seq?: number): string {
  return JSON.stringify({ intersection, ts: NOW + tsOffsetMs, code, param, ...(seq !== undefined ? { seq } : {}) });
}

async function send(pipeline: IngestPipeline, source: IngestSource, lines: string[], shape: RecordShape = 'event') {
  const session = pipeline.open(source);
  const decoder = new NdjsonDecoder({ shape, maxLineChars: 4096 });
  decoder.push(Buffer.from(lines.join('\n')), (r) => session.add(r));
  decoder.end((r) => session.add(r));
  return session.finish();
}

await describeEachStore('ingest pipeline', (ctx) => {
  let pipeline: IngestPipeline;
  let handed: CommittedBatch[];

  const build = (limits: Partial<IngestLimits> = {}) => {
    const built = new IngestPipeline({
      store: ctx.store,
      network: twoIntersectionIndex(),
      registry: new Registry(),
      logger: pino({ level: 'silent' }),
      limits: { batchWaitMs: 20, ...limits },
      clock: () => NOW,
    });
    built.onCommitted((batch) => handed.push(batch));
    return built;
  };

  beforeEach(async () => {
    handed = [];
    await ctx.store.query('DELETE FROM controller_events');
    await ctx.store.query('DELETE FROM detector_samples');
    await ctx.store.query('DELETE FROM ingest_rejects');
    pipeline = build();
  });
  afterEach(async () => {
    await pipeline.close();
  });

  it('commits concurrent senders together and hands each intersection its new events in (ts, code) order', async () => {
    const [first, second] = await Promise.all([
      send(pipeline, live, [ev('A', 2000, 1, 2, 1), ev('A', 1000, 82, 5, 2), ev('B', 0, 82, 1, 3)]),
      send(pipeline, live, [ev('A', 1000, 81, 5), ev('B', 500, 1, 4)]),
    ]);
    expect(first).toMatchObject({ accepted: 3, duplicates: 0, rejected: 0 });
    expect(second).toMatchObject({ accepted: 2, duplicates: 0, rejected: 0 });
    const stored = await ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM controller_events');
    expect(stored.rows[0]?.n).toBe(5);
    // Both senders' records arrived within the 20 ms window: one transaction, one hand-off per intersection.
    expect(handed.map((b) => b.intersectionId).sort()).toEqual(['A', 'B']);
    const a = handed.find((b) => b.intersectionId === 'A');
    expect(a?.events.map((e) => [e.ts - NOW, e.code])).toEqual([
      [1000, 81],
      [1000, 82],
      [2000, 1],
    ]);
    expect(a?.events[0]).toEqual({ intersectionId: 'A', ts: NOW + 1000, code: 81, param: 5 });
    const seqs = await ctx.store.query<{ feed_id: string; seq: number | null }>("SELECT feed_id, seq FROM controller_events WHERE code = 1 AND intersection_id = 'A'");
    expect(seqs.rows).toEqual([{ feed_id: 'k1', seq: 1 }]);
  });

  it('stores a retried batch once, acknowledges it again, and hands off only what is new', async () => {
    const lines = [ev('A', 0, 82, 5, 10), ev('A', 100, 81, 5, 11)];
    expect(await send(pipeline, live, lines)).toMatchObject({ accepted: 2, duplicates: 0 });
    handed = [];
    // The retry carries one more record; with or without seq, identity decides.
    const retry = await send(pipeline, live, [...lines, ev('A', 200, 82, 5)]);
    expect(retry).toMatchObject({ accepted: 3, duplicates: 2 });
    const stored = await ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM controller_events');
    expect(stored.rows[0]?.n).toBe(3);
    expect(handed).toHaveLength(1);
    expect(handed[0]?.events).toEqual([{ intersectionId: 'A', ts: NOW + 200, code: 82, param: 5 }]);
  });

  it('stores a record sent twice in one batch once', async () => {
    const [x, y] = await Promise.all([send(pipeline, live, [ev('B', 0, 82, 2)]), send(pipeline, live, [ev('B', 0, 82, 2), ev('B', 0, 82, 2)])]);
    expect(x.duplicates + y.duplicates).toBe(2);
    expect(x.accepted + y.accepted).toBe(3);
    const stored = await ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM controller_events');
    expect(stored.rows[0]?.n).toBe(1);
  });

  it('quarantines rejects with raw text, reason, field and line, in the same commit', async () => {
    const summary = await send(pipeline, { ...live, feed: { ...feed, intersections: ['A'] } }, [
      ev('A', 0, 82, 5),
      '{"intersection":"A","ts":\u0000',
      ev('B', 0, 82, 5),
      ev('A', 0, 82, 99),
      ev('A', 3_600_000, 82, 5),
    ]);
    expect(summary).toMatchObject({
      accepted: 1,
      rejected: 4,
      rejectedByReason: { MALFORMED_JSON: 1, OUT_OF_SCOPE: 1, UNKNOWN_CHANNEL: 1, TS_IN_FUTURE: 1 },
    });
    expect(summary.rejects.map((r) => [r.line, r.reason, r.field])).toEqual([
      [2, 'MALFORMED_JSON', undefined],
      [3, 'OUT_OF_SCOPE', 'intersection'],
      [4, 'UNKNOWN_CHANNEL', 'param'],
      [5, 'TS_IN_FUTURE', 'ts'],
    ]);
    const rejects = await recentRejects(ctx.store, { feedId: 'k1' });
    expect(rejects.map((r) => [r.line, r.reasonCode, r.transport, r.recordKind, r.intersectionId])).toEqual([
      [5, 'TS_IN_FUTURE', 'http', 'event', 'A'],
      [4, 'UNKNOWN_CHANNEL', 'http', 'event', 'A'],
      [3, 'OUT_OF_SCOPE', 'http', 'event', 'B'],
      [2, 'MALFORMED_JSON', 'http', 'event', null],
    ]);
    // PostgreSQL text cannot hold NUL: the quarantine stores U+FFFD in its place.
    expect(rejects[3]?.raw).toBe('{"intersection":"A","ts":\uFFFD');
  });

  it('stores detector samples once and hands them to their intersection', async () => {
    const sample = JSON.stringify({ detector: 'B-W-SB1', ts: NOW - 60_000, intervalS: 60, volume: 12, occupancyPct: 18.5 });
    expect(await send(pipeline, live, [sample, JSON.stringify({ detector: 'X', ts: NOW, intervalS: 60, volume: 1 })], 'sample')).toMatchObject({
      accepted: 1,
      rejectedByReason: { UNKNOWN_DETECTOR: 1 },
    });
    expect(await send(pipeline, live, [sample], 'sample')).toMatchObject({ accepted: 1, duplicates: 1 });
    const rows = await ctx.store.query<{ intersection_id: string; volume: number; occupancy_pct: number }>('SELECT intersection_id, volume, occupancy_pct FROM detector_samples');
    expect(rows.rows).toEqual([{ intersection_id: 'B', volume: 12, occupancy_pct: 18.5 }]);
    expect(handed).toMatchObject([{ intersectionId: 'B', events: [], samples: [{ detectorId: 'B-W-SB1', volume: 12, occupancyPct: 18.5, speedKmh: null }] }]);
  });

  it('creates day partitions for historical imports and flags late live events', async () => {
    const days = [-30, -10, -2].map((d) => d * 86_400_000);
    const history = await send(pipeline, { feed, transport: 'file', policy: 'historical' }, days.map((offset) => ev('A', offset, 1, 2)));
    expect(history).toMatchObject({ accepted: 3, late: 0 });
    // Live: the second event is 10 s older than the first, beyond the 3 s reorder window.
    expect(await send(pipeline, live, [ev('B', 20_000, 1, 2), ev('B', 10_000, 8, 2), ev('B', 19_000, 9, 2)])).toMatchObject({ accepted: 3, late: 1 });
  });

  it('on a database error stores nothing of the failing sender and lets the others through', async () => {
    await ctx.store.execScript('ALTER TABLE controller_events ADD CONSTRAINT no_code_250 CHECK (code <> 250)');
    try {
      const results = await Promise.allSettled([
        send(pipeline, live, [ev('A', 0, 82, 5), ev('A', 0, 250, 1)]),
        send(pipeline, live, [ev('B', 0, 82, 5), '{bad']),
      ]);
      expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.any(IngestWriteError) });
      expect(results[1]).toMatchObject({ status: 'fulfilled', value: { accepted: 1, rejected: 1 } });
      const stored = await ctx.store.query<{ intersection_id: string }>('SELECT intersection_id FROM controller_events');
      expect(stored.rows).toEqual([{ intersection_id: 'B' }]);
      const rejects = await recentRejects(ctx.store);
      expect(rejects.map((r) => r.reasonCode)).toEqual(['MALFORMED_JSON']);
      expect(handed.map((b) => b.intersectionId)).toEqual(['B']);
    } finally {
      await ctx.store.execScript('ALTER TABLE controller_events DROP CONSTRAINT no_code_250');
    }
  });

  it('splits a large body into bounded chunks, rejects included', async () => {
    await pipeline.close();
    const registry = new Registry();
    pipeline = new IngestPipeline({ store: ctx.store, network: twoIntersectionIndex(), registry, logger: pino({ level: 'silent' }), limits: { maxPendingRows: 1000, batchRows: 1000, batchWaitMs: 5 }, clock: () => NOW });
    // Chunks are a quarter of the backlog limit: 250 rows. 600 rejects (unknown intersection) and 400 events make 4 chunks.
    const lines = [...Array.from({ length: 600 }, (_, i) => ev('Z', i, 82, 5)), ...Array.from({ length: 400 }, (_, i) => ev('A', i, 82, 5))];
    expect(await send(pipeline, live, lines)).toMatchObject({ accepted: 400, rejected: 600 });
    // Each chunk is one work item of the group commit (several may share a transaction).
    expect(await registry.getSingleMetricAsString('zhidu_ingest_batch_rows')).toMatch(/zhidu_ingest_batch_rows_sum 1000/);
    expect(await registry.getSingleMetricAsString('zhidu_ingest_batch_senders')).toMatch(/zhidu_ingest_batch_senders_sum 4\n/);
  });

  it('commits an urgent sender at once instead of waiting for the window (MQTT sends one message at a time)', async () => {
    await pipeline.close();
    // A window of 10 minutes: only the urgent flag can get this commit through within the test.
    pipeline = build({ batchWaitMs: 600_000, batchRows: 100_000 });
    const session = pipeline.open(live, { urgent: true });
    const decoder = new NdjsonDecoder({ shape: 'event', maxLineChars: 4096 });
    decoder.push(Buffer.from(ev('A', 0, 82, 5)), (r) => session.add(r));
    decoder.end((r) => session.add(r));
    expect(await session.finish()).toMatchObject({ accepted: 1 });
  });

  it('refuses new work while the backlog is full; a session waits for room instead', async () => {
    await pipeline.close();
    pipeline = build({ maxPendingRows: 1000, batchRows: 1000, batchWaitMs: 200 });
    const big = Array.from({ length: 900 }, (_, i) => ev('A', i, 82, 5));
    const first = send(pipeline, live, big);
    // The session submits its chunks one after another (microtasks apart); let it finish submitting.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stored = (id: string) => ({ intersectionId: id, ts: NOW, code: 82, param: 5, feedId: 'k1', seq: null });
    // 900 rows wait in the 200 ms window; 200 more would exceed the limit of 1000.
    expect(pipeline.hasRoom(200)).toBe(false);
    const twoHundred = Array.from({ length: 200 }, (_, i) => ({ ...stored('B'), ts: NOW + i }));
    await expect(pipeline.committer.submit({ events: twoHundred, samples: [], rejects: [] })).rejects.toBeInstanceOf(IngestOverloadedError);
    // A session paces itself: it waits until the backlog drained to half, then submits.
    const paced = send(pipeline, live, big.slice(0, 200).map((_, i) => ev('B', i, 82, 5)));
    expect(await first).toMatchObject({ accepted: 900 });
    expect(await paced).toMatchObject({ accepted: 200 });
    expect(pipeline.backlogRows).toBe(0);
  });
});
