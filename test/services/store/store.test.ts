import { expect, it } from 'vitest';
import { migrate, readMigrations, selectVariant } from '../../../services/store/migrate.js';
import { applyRetention, ensureDayPartitions } from '../../../services/store/retention.js';
import { currentPlans, seedNetworkPlans } from '../../../services/store/repositories/timing-plan.repository.js';
import { twoIntersectionNetwork } from '../../helpers/networks.js';
import { describeEachStore } from '../../helpers/test-stores.js';

const DAY_MS = 86_400_000;

await describeEachStore('SQL port and schema', (ctx) => {
  it('records every migration and applies none twice', async () => {
    const applied = await ctx.store.query<{ id: string; variant: string }>('select id, variant from schema_migrations order by id');
    const files = await readMigrations();
    expect(applied.rows.map((r) => r.id)).toEqual(files.map((f) => f.id));
    expect(applied.rows[0]?.variant).toBe(ctx.target === 'pglite-timescale' ? 'timescale' : 'plain');
    const again = await migrate(ctx.store);
    expect(again.applied).toEqual([]);
    expect(ctx.store.capabilities.timescale).toBe(ctx.target === 'pglite-timescale');
  });

  it('refuses a migration file that changed after it was applied', async () => {
    const files = await readMigrations();
    const edited = files.map((f, i) => (i === 0 ? { ...f, sql: `${f.sql}\n-- edited` } : f));
    await expect(migrate(ctx.store, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it('bulk-copies rows, escaping what COPY text format needs', async () => {
    const now = new Date();
    await ensureDayPartitions(ctx.store, now, now);
    const raw = 'tab\there\nnewline \\ backslash, 中文, \'quote\'';
    const copied = await ctx.store.copyRows(
      'ingest_rejects',
      ['feed_id', 'transport', 'record_kind', 'line', 'reason_code', 'reason', 'raw'],
      [
        ['feed-1', 'http', 'event', 3, 'ZHIDU_ERR_VALIDATION', 'bad', raw],
        [null, 'mqtt', 'event', null, 'ZHIDU_ERR_VALIDATION', 'bad', '{"a":1}'],
      ],
    );
    expect(copied).toBe(2);
    const rows = await ctx.store.query<{ raw: string; line: number | null; feed_id: string | null }>(
      "select raw, line, feed_id from ingest_rejects where reason = 'bad' order by id",
    );
    expect(rows.rows).toEqual([
      { raw, line: 3, feed_id: 'feed-1' },
      { raw: '{"a":1}', line: null, feed_id: null },
    ]);
  });

  it('commits a transaction as a whole or not at all', async () => {
    const ts = new Date('2026-11-27T01:00:00Z');
    await ensureDayPartitions(ctx.store, ts, ts);
    await expect(
      ctx.store.transaction(async (tx) => {
        await tx.copyRows('controller_events', ['ts', 'intersection_id', 'code', 'param'], [[ts, 'TX', 1, 2]]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const none = await ctx.store.query<{ n: number }>("select count(*)::int8 as n from controller_events where intersection_id = 'TX'");
    expect(none.rows[0]?.n).toBe(0);
    await ctx.store.transaction(async (tx) => {
      await tx.copyRows('controller_events', ['ts', 'intersection_id', 'code', 'param'], [[ts, 'TX', 1, 2]]);
      await tx.query("insert into controller_events (ts, intersection_id, code, param) values ($1, 'TX', 1, 4)", [ts]);
    });
    const two = await ctx.store.query<{ n: number }>("select count(*)::int8 as n from controller_events where intersection_id = 'TX'");
    expect(two.rows[0]?.n).toBe(2);
  });

  it('recognises a re-delivered event by (intersection, ts, code, param)', async () => {
    const ts = new Date('2026-11-27T02:00:00.123Z');
    await ensureDayPartitions(ctx.store, ts, ts);
    const insert = 'insert into controller_events (ts, intersection_id, code, param) values ($1, $2, $3, $4) on conflict do nothing';
    await ctx.store.query(insert, [ts, 'DUP', 82, 5]);
    const again = await ctx.store.query(insert, [ts, 'DUP', 82, 5]);
    expect(again.rowCount).toBe(0);
    const row = await ctx.store.query<{ ts: Date; code: number }>("select ts, code from controller_events where intersection_id = 'DUP'");
    expect(row.rows).toEqual([{ ts, code: 82 }]);
  });

  it('returns int8 and numeric as numbers and timestamptz as Date', async () => {
    const result = await ctx.store.query<{ big: number; num: number; at: Date }>("select 9007199254740::int8 as big, 2.5::numeric as num, now() as at");
    expect(result.rows[0]).toMatchObject({ big: 9007199254740, num: 2.5 });
    expect(result.rows[0]?.at).toBeInstanceOf(Date);
  });

  it('seeds network plans once as version 1', async () => {
    const network = twoIntersectionNetwork();
    expect(await seedNetworkPlans(ctx.store, network.intersections)).toBe(2);
    expect(await seedNetworkPlans(ctx.store, network.intersections)).toBe(0);
    const plans = await currentPlans(ctx.store);
    expect(plans.get('B')?.plan.offsetS).toBe(40);
    expect(plans.get('B')?.version).toBe(1);
  });

  it('applies retention: policies on TimescaleDB, dropped day partitions otherwise', async () => {
    const now = new Date('2026-11-27T12:00:00Z');
    await ensureDayPartitions(ctx.store, new Date(now.getTime() - 100 * DAY_MS), new Date(now.getTime() - 100 * DAY_MS));
    await ctx.store.query(
      "insert into ingest_rejects (received_at, transport, record_kind, reason_code, reason, raw) values ($1, 'http', 'event', 'X', 'old', 'r'), (now(), 'http', 'event', 'X', 'new', 'r')",
      [new Date(now.getTime() - 100 * DAY_MS)],
    );
    await applyRetention(ctx.store, 90, now);
    const rejects = await ctx.store.query<{ reason: string }>("select reason from ingest_rejects where reason_code = 'X' order by reason");
    expect(rejects.rows.map((r) => r.reason)).toEqual(['new']);
    if (ctx.store.capabilities.timescale) {
      const jobs = await ctx.store.query<{ hypertable_name: string }>(
        "select hypertable_name from timescaledb_information.jobs where proc_name = 'policy_retention' order by 1",
      );
      expect(jobs.rows.map((r) => r.hypertable_name)).toEqual(expect.arrayContaining(['controller_events', 'detector_samples']));
    } else {
      const parts = await ctx.store.query<{ relname: string }>(
        "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'controller_events'::regclass order by 1",
      );
      const names = parts.rows.map((r) => r.relname);
      expect(names).not.toContain('controller_events_p20260819'); // 100 days before: dropped
      expect(names).toContain('controller_events_p20261128'); // tomorrow: prepared
    }
  });

  if (ctx.target === 'pglite-timescale') {
    it('creates hypertables with compression, and continuous aggregates with refresh policies', async () => {
      const hypertables = await ctx.store.query<{ hypertable_name: string; compression_enabled: boolean }>(
        'select hypertable_name, compression_enabled from timescaledb_information.hypertables order by 1',
      );
      expect(hypertables.rows).toEqual(
        expect.arrayContaining([
          { hypertable_name: 'controller_events', compression_enabled: true },
          { hypertable_name: 'detector_samples', compression_enabled: true },
        ]),
      );
      const segmentBy = await ctx.store.query<{ attname: string }>(
        "select attname from timescaledb_information.compression_settings where hypertable_name = 'controller_events' and segmentby_column_index is not null",
      );
      expect(segmentBy.rows.map((r) => r.attname)).toEqual(['intersection_id']);
      const aggregates = await ctx.store.query<{ view_name: string }>('select view_name from timescaledb_information.continuous_aggregates');
      expect(aggregates.rows.map((r) => r.view_name)).toContain('detector_samples_15min');
      const policies = await ctx.store.query<{ proc_name: string }>('select distinct proc_name from timescaledb_information.jobs order by 1');
      expect(policies.rows.map((r) => r.proc_name)).toEqual(
        expect.arrayContaining(['policy_compression', 'policy_refresh_continuous_aggregate']),
      );
    });
  } else {
    it('partitions raw tables by day and offers the 15-minute roll-up as a view', async () => {
      const partitioned = await ctx.store.query<{ relname: string }>(
        "select c.relname from pg_partitioned_table p join pg_class c on c.oid = p.partrelid order by 1",
      );
      expect(partitioned.rows.map((r) => r.relname)).toEqual(expect.arrayContaining(['controller_events', 'detector_samples']));
      const view = await ctx.store.query("select 1 from pg_views where viewname = 'detector_samples_15min'");
      expect(view.rowCount).toBe(1);
    });
  }

  it('rolls detector samples up into 15-minute buckets', async () => {
    const base = new Date('2026-11-27T03:00:00Z');
    await ensureDayPartitions(ctx.store, base, base);
    await ctx.store.copyRows(
      'detector_samples',
      ['ts', 'detector_id', 'intersection_id', 'interval_s', 'volume', 'occupancy_pct'],
      [0, 5, 10, 15].map((minute) => [new Date(base.getTime() + minute * 60_000), 'D1', 'A', 300, 10 + minute, 20]),
    );
    const rows = await ctx.store.query<{ bucket: Date; volume: number; samples: number }>(
      "select bucket, volume, samples from detector_samples_15min where detector_id = 'D1' order by bucket",
    );
    // Real-time aggregation on TimescaleDB (materialized_only = false) sees unrefreshed rows too.
    expect(rows.rows).toEqual([
      { bucket: base, volume: 10 + 15 + 20, samples: 3 },
      { bucket: new Date(base.getTime() + 15 * 60_000), volume: 25, samples: 1 },
    ]);
  });
});

it('keeps only the sections of the chosen variant', () => {
  const sql = 'a;\n-- @timescale\nb;\n-- @plain\nc;\n-- @end\nd;';
  expect(selectVariant(sql, 'timescale')).toBe('a;\nb;\nd;');
  expect(selectVariant(sql, 'plain')).toBe('a;\nc;\nd;');
});
