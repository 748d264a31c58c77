import { expect, it } from 'vitest';
import type { ApproachSeries, IntersectionSeries } from '../../../../../services/contracts/measures.js';
import type { CycleMeasures } from '../../../../../services/contracts/live.js';
import { deriveApproach } from '../../../../../services/engine/shard/approach-derivation.js';
import { buildLayout } from '../../../../../services/engine/shard/intersection-layout.js';
import { addMovementSums, emptyMovementSums } from '../../../../../services/engine/measures/movement-sums.js';
import { listMovementMinutes } from '../../../../../services/store/repositories/approach-minute.repository.js';
import { copyControllerEvents } from '../../../../../services/store/repositories/controller-event.repository.js';
import { rollupMeasures } from '../../../../../services/store/repositories/measure-series.repository.js';
import { ensureDayPartitions } from '../../../../../services/store/retention.js';
import { at, T0 } from '../../../../fixtures/engine/event-builders.js';
import { buildEngineTestApp, type EngineTestApp } from '../../../../fixtures/engine/engine-app.js';
import { syntheticFeed } from '../../../../fixtures/engine/synthetic-feed.js';
import { bearer } from '../../../../helpers/auth.js';
import { twoIntersectionNetwork } from '../../../../helpers/networks.js';
import { describeEachStore } from '../../../../helpers/test-stores.js';

const A = twoIntersectionNetwork().intersections.find((i) => i.id === 'A')!;

await describeEachStore('measures routes', (ctx) => {
  let t: EngineTestApp;
  let viewer: Record<string, string>;
  const iso = (s: number) => new Date(at(s)).toISOString();

  it('serves approach series by minute, 15 minutes and hour from the stored measures', async () => {
    t = await buildEngineTestApp(ctx.store, { ZHIDU_MAX_SERIES_POINTS: '100' });
    viewer = bearer(await t.token('viewer'));
    await ensureDayPartitions(ctx.store, new Date(at(-86_400)), new Date(at(86_400)));
    const feed = syntheticFeed(T0, 62);
    await copyControllerEvents(ctx.store, feed.map((e) => ({ ...e, feedId: null, seq: null })));
    await t.engine.onAssigned(['A']);
    for (let i = 0; i < feed.length; i += 500) await t.engine.onBatch({ intersectionId: 'A', committedAt: Date.now(), events: feed.slice(i, i + 500), samples: [] });
    await t.engine.flush();
    const rollup = await rollupMeasures(ctx.store);
    expect(rollup.mode).toBe(ctx.target === 'pglite-timescale' ? 'continuous-aggregates' : 'rollup-tables');
    if (rollup.mode === 'rollup-tables') expect(rollup.buckets15min).toBeGreaterThan(0);
    // running it again changes nothing it has not seen
    expect((await rollupMeasures(ctx.store)).buckets15min).toBeLessThanOrEqual(rollup.buckets15min);

    const get = async (step: number) => {
      const res = await t.app.inject({ url: `/api/v1/measures/approaches/A-W?from=${iso(0)}&to=${iso(3600)}&step=${step}`, headers: viewer });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<ApproachSeries>();
    };
    const minutes = await get(60);
    const quarters = await get(900);
    const hourly = await get(3600);
    expect(minutes.points).toHaveLength(60);
    expect(quarters.points.map((p) => (p.ts - T0) / 60000)).toEqual([0, 15, 30, 45]);
    expect(hourly.points).toHaveLength(1);
    // every resolution sums the same vehicles
    const total = (s: ApproachSeries) => s.points.reduce((sum, p) => sum + p.volumeVeh, 0);
    expect(total(quarters)).toBe(total(minutes));
    expect(total(hourly)).toBe(total(minutes));

    // a 15-minute point is the engine's derivation over that quarter's movement minutes (T = 0.25 h, 900 s window)
    const layout = buildLayout(A, A.plan);
    const rows = (await listMovementMinutes(ctx.store, 'A', at(900), at(1800))).filter((m) => m.approachId === 'A-W');
    const sums = layout.approaches[0]!.movementIndexes.map((index) => rows.filter((r) => r.movement === layout.movements[index]!.type).reduce((s, r) => addMovementSums(s, r), emptyMovementSums()));
    const expected = deriveApproach(layout, 0, (index) => sums[layout.approaches[0]!.movementIndexes.indexOf(index)]!, 900, false, 0);
    const second = quarters.points[1]!;
    expect(second.flowVph).toBeCloseTo(expected.flowVph, 9);
    expect(second.controlDelayS).toBeCloseTo(expected.controlDelayS!, 9);
    expect(second.congestionIndex).toBeCloseTo(expected.congestionIndex, 9);
    expect(second.movements.map((m) => m.movement)).toEqual(['L', 'T', 'R']);
  }, 180_000);

  it('serves an intersection series with its approaches', async () => {
    const res = await t.app.inject({ url: `/api/v1/measures/intersections/A?from=${at(0)}&to=${at(3600)}&step=900`, headers: viewer });
    expect(res.statusCode).toBe(200);
    const series = res.json<IntersectionSeries>();
    expect(series.points).toHaveLength(4);
    const point = series.points[0]!;
    expect(point.approaches.map((a) => a.approachId)).toEqual(['A-W', 'A-E', 'A-N', 'A-S']);
    expect(point.flowVph).toBeCloseTo(point.approaches.reduce((s, a) => s + a.flowVph, 0), 9);
  });

  it('serves per-cycle measures for the PCD and split monitor, one phase or all', async () => {
    const all = await t.app.inject({ url: `/api/v1/measures/intersections/A/cycles?from=${iso(600)}&to=${iso(1200)}`, headers: viewer });
    expect(all.statusCode).toBe(200);
    const cycles = all.json<{ cycles: CycleMeasures[] }>().cycles;
    // 600 s of 100 s cycles, four phases → 6 cycles each
    expect(cycles).toHaveLength(24);
    const two = await t.app.inject({ url: `/api/v1/measures/intersections/A/cycles?from=${iso(600)}&to=${iso(1200)}&phase=2`, headers: viewer });
    const phase2 = two.json<{ cycles: CycleMeasures[] }>().cycles;
    expect(phase2.map((c) => c.phase)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(phase2[0]).toMatchObject({ greenS: 40, yellowS: 3, splitS: 45, approachIds: ['A-W'] });
    expect(phase2[0]!.arrivalOffsetsS.length).toBe(phase2[0]!.arrivalsOnGreen + phase2[0]!.arrivalsOnRed + phase2[0]!.arrivalsOnYellow);
  });

  it('refuses bad ranges, unknown places and oversized requests with problem+json naming the field', async () => {
    const ask = (url: string) => t.app.inject({ url, headers: viewer });
    const tooMany = await ask(`/api/v1/measures/approaches/A-W?from=${iso(0)}&to=${iso(86_400)}&step=60`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.headers['content-type']).toMatch(/problem\+json/);
    expect(tooMany.json()).toMatchObject({ code: 'ZHIDU_ERR_RANGE_TOO_LARGE', errors: [{ field: '/query/step' }] });
    const backwards = await ask(`/api/v1/measures/approaches/A-W?from=${iso(600)}&to=${iso(0)}&step=60`);
    expect(backwards.json()).toMatchObject({ status: 400, code: 'ZHIDU_ERR_VALIDATION', errors: [{ field: '/query/from' }] });
    const badStep = await ask(`/api/v1/measures/approaches/A-W?from=${iso(0)}&to=${iso(600)}&step=61`);
    expect(badStep.json()).toMatchObject({ status: 400, code: 'ZHIDU_ERR_VALIDATION' });
    const badTime = await ask(`/api/v1/measures/approaches/A-W?from=yesterday&to=${iso(600)}&step=60`);
    expect(badTime.statusCode).toBe(400);
    expect((await ask(`/api/v1/measures/approaches/Z-9?from=${iso(0)}&to=${iso(600)}&step=60`)).json()).toMatchObject({ status: 404, errors: [{ field: '/params/approachId' }] });
    expect((await ask(`/api/v1/measures/intersections/Q?from=${iso(0)}&to=${iso(600)}&step=60`)).json()).toMatchObject({ status: 404, code: 'ZHIDU_ERR_UNKNOWN_INTERSECTION' });
    // 100 points at most: a day of 30 s cycles of 8 phases is far beyond
    expect((await ask(`/api/v1/measures/intersections/A/cycles?from=${iso(0)}&to=${iso(86_400)}`)).json()).toMatchObject({ code: 'ZHIDU_ERR_RANGE_TOO_LARGE' });
    const metrics = await t.app.inject('/metrics');
    expect(metrics.body).toMatch(/zhidu_http_errors_total\{code="ZHIDU_ERR_RANGE_TOO_LARGE"\} [1-9]/);
    await t.close();
  });
});
