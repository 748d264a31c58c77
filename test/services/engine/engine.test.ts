import { expect, it } from 'vitest';
import type { Alert, IntersectionState } from '../../../services/contracts/live.js';
import { EventCode, type ControllerEvent } from '../../../services/contracts/records.js';
import { createEngine, type Engine } from '../../../services/engine/engine.js';
import { buildLayout } from '../../../services/engine/shard/intersection-layout.js';
import { IntersectionShard } from '../../../services/engine/shard/intersection-shard.js';
import { DEFAULT_WARMUP_MS, replayOutputs, settledBy } from '../../../services/engine/shard/replay.js';
import type { SqlPort } from '../../../services/store/port.js';
import { listAlerts } from '../../../services/store/repositories/alert.repository.js';
import { listApproachMinutes, listMovementMinutes } from '../../../services/store/repositories/approach-minute.repository.js';
import { copyControllerEvents } from '../../../services/store/repositories/controller-event.repository.js';
import { listDetectorStatus } from '../../../services/store/repositories/detector-status.repository.js';
import { createEngineStore } from '../../../services/store/repositories/engine-store.repository.js';
import { listIntersectionMinutes } from '../../../services/store/repositories/intersection-minute.repository.js';
import { listPhaseCycles } from '../../../services/store/repositories/phase-cycle.repository.js';
import { ensureDayPartitions } from '../../../services/store/retention.js';
import { at, ev, T0 } from '../../fixtures/engine/event-builders.js';
import { syntheticFeed } from '../../fixtures/engine/synthetic-feed.js';
import { twoIntersectionIndex } from '../../helpers/networks.js';
import { describeEachStore } from '../../helpers/test-stores.js';

const network = twoIntersectionIndex();
const A = network.intersections.get('A')!;
const MINUTES = 40;

/** Stores events as ingest does, then hands them to the engine in batches, each shuffled within 2 s. */
async function deliver(store: SqlPort, engine: Engine, events: readonly ControllerEvent[], batchMs = 5_000): Promise<void> {
  await copyControllerEvents(
    store,
    events.map((e) => ({ ...e, feedId: null, seq: null })),
  );
  let start = 0;
  while (start < events.length) {
    let end = start;
    const until = (events[start] as ControllerEvent).ts + batchMs;
    while (end < events.length && (events[end] as ControllerEvent).ts < until) end++;
    const batch = events.slice(start, end);
    // swap neighbours less than 2 s apart: a feed delivering up to 2 s out of order
    for (let i = 0; i + 1 < batch.length; i += 2) {
      if ((batch[i + 1] as ControllerEvent).ts - (batch[i] as ControllerEvent).ts < 2000) [batch[i], batch[i + 1]] = [batch[i + 1] as ControllerEvent, batch[i] as ControllerEvent];
    }
    await engine.onBatch({ intersectionId: 'A', committedAt: Date.now(), events: batch, samples: [] });
    start = end;
  }
  await engine.flush();
}

await describeEachStore('engine (shards, persistence, recompute, replay)', (ctx) => {
  let engine: Engine;
  const states: IntersectionState[] = [];
  const alerts: Alert[] = [];
  // detector 2 (A-W stop bar, lane 2) sticks on at 10 min and never releases: a fault flagged at 15 min
  const feed = [...syntheticFeed(T0, MINUTES).filter((e) => e.param !== 2 || e.code < 81 || e.code > 82 || e.ts < at(600)), ev(600, EventCode.DETECTOR_ON, 2)].sort(
    (a, b) => a.ts - b.ts || a.code - b.code,
  );

  it('measures a fed stream and stores cycles, minutes, detector status and alerts', async () => {
    await ensureDayPartitions(ctx.store, new Date(at(-86_400)), new Date(at(86_400)));
    engine = createEngine({ network, store: createEngineStore(ctx.store), reorderWindowMs: 3000 });
    engine.onState((list) => states.push(...list));
    engine.onAlert((alert) => alerts.push(alert));
    await engine.onAssigned(['A']);
    await deliver(ctx.store, engine, feed);

    const cycles = await listPhaseCycles(ctx.store, { intersectionId: 'A', from: at(0), to: at(MINUTES * 60), limit: 10_000 });
    // 40 minutes of 100 s cycles → 24 red starts per phase; the first has no known start and the last ones
    // are still within the reorder window and the 10 s finalisation: 22 or 23 per phase.
    expect(cycles.filter((c) => c.phase === 2).length).toBeGreaterThanOrEqual(22);
    expect(new Set(cycles.map((c) => c.phase))).toEqual(new Set([2, 4, 6, 8]));
    const minutes = await listIntersectionMinutes(ctx.store, 'A', at(0), at(MINUTES * 60));
    // minutes close one minute after their end: with events up to 40 min − 3 s window, minutes 0–37 are out
    expect(minutes.map((m) => (m.ts - T0) / 60000)).toEqual(Array.from({ length: 38 }, (_, i) => i));
    const status = await listDetectorStatus(ctx.store, ['A']);
    expect(status).toEqual([expect.objectContaining({ detectorId: 'A-W-SB2', status: 'faulty', faults: ['stuck-on'], since: at(900) })]);
    const stored = await listAlerts(ctx.store, { kind: 'detector-fault', limit: 10 });
    expect(stored).toEqual([expect.objectContaining({ id: `detector-fault:A-W-SB2:${at(900)}`, status: 'open', intersectionId: 'A' })]);
    expect(alerts.map((a) => a.id)).toContain(`detector-fault:A-W-SB2:${at(900)}`);
    expect(states.length).toBeGreaterThan(0);
    expect(states.at(-1)).toMatchObject({ intersectionId: 'A', planId: 'A-P1', faultyDetectors: ['A-W-SB2'] });
  });

  it('stores exactly what a replay of any range from the database gives', async () => {
    const from = at(12 * 60);
    const to = at(30 * 60);
    const shard = new IntersectionShard(A, buildLayout(A, A.plan), { reorderWindowMs: 3000 }, from - DEFAULT_WARMUP_MS);
    const events = feed.filter((e) => e.ts >= from - DEFAULT_WARMUP_MS && e.ts < settledBy(to));
    const replayed = replayOutputs(shard.newCore(from - DEFAULT_WARMUP_MS), events, [], from, to, settledBy(to));
    const byKey = <T,>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
    const storedCycles = await listPhaseCycles(ctx.store, { intersectionId: 'A', from, to, limit: 10_000 });
    expect(byKey(storedCycles, (c) => `${c.redStart}|${c.phase}`)).toEqual(byKey(replayed.cycles, (c) => `${c.redStart}|${c.phase}`));
    expect(await listMovementMinutes(ctx.store, 'A', from, to)).toEqual(byKey(replayed.movementMinutes, (m) => `${m.ts}|${m.approachId}|${m.movement}`));
    expect(await listApproachMinutes(ctx.store, 'A', from, to)).toEqual(byKey(replayed.approachMinutes, (m) => `${m.ts}|${m.approachId}`));
    expect(await listIntersectionMinutes(ctx.store, 'A', from, to)).toEqual(replayed.intersectionMinutes);
  });

  it('recomputes the cycles and minutes a late record changes', async () => {
    const minute = at(20 * 60);
    const before = (await listMovementMinutes(ctx.store, 'A', minute, minute + 60_000)).find((m) => m.approachId === 'A-N' && m.movement === 'T')!;
    // a vehicle detected at 20:10 on A-N's advance detector (lane 3, channel 21) arrives 20 minutes late
    const late = [ev(20 * 60 + 10, EventCode.DETECTOR_ON, 21), ev(20 * 60 + 10.4, EventCode.DETECTOR_OFF, 21)];
    await deliver(ctx.store, engine, late);
    const after = (await listMovementMinutes(ctx.store, 'A', minute, minute + 60_000)).find((m) => m.approachId === 'A-N' && m.movement === 'T')!;
    expect(after.volumeVeh).toBe(before.volumeVeh + 1);
    // and the stored rows are again exactly a replay's
    const from = at(15 * 60);
    const to = at(30 * 60);
    const events = [...feed, ...late].sort((a, b) => a.ts - b.ts || a.code - b.code).filter((e) => e.ts >= from - DEFAULT_WARMUP_MS && e.ts < settledBy(to));
    const shard = new IntersectionShard(A, buildLayout(A, A.plan), { reorderWindowMs: 3000 }, from - DEFAULT_WARMUP_MS);
    const replayed = replayOutputs(shard.newCore(from - DEFAULT_WARMUP_MS), events, [], from, to, settledBy(to));
    expect(await listApproachMinutes(ctx.store, 'A', from, to)).toEqual(
      [...replayed.approachMinutes].sort((a, b) => a.ts - b.ts || a.approachId.localeCompare(b.approachId)),
    );
  });

  it('answers snapshots by scope', () => {
    const city = engine.snapshot('city');
    expect(city.intersections.map((s) => s.intersectionId)).toEqual(['A']);
    expect(city.areas.map((a) => a.scope)).toEqual(['city', 'district:d1', 'corridor:c1']);
    expect(city.alerts.map((a) => a.kind)).toContain('detector-fault');
    expect(engine.snapshot('intersection:B').intersections).toEqual([]);
    expect(engine.snapshot('district:d1').areas.map((a) => a.scope)).toEqual(['district:d1']);
  });

  it('rebuilds a shard from the database in another engine, continuing its alerts', async () => {
    await engine.close();
    const next = createEngine({ network, store: createEngineStore(ctx.store), reorderWindowMs: 3000 });
    await next.onAssigned(['A']);
    const state = next.snapshot('intersection:A');
    expect(state.intersections[0]).toMatchObject({ intersectionId: 'A', faultyDetectors: ['A-W-SB2'] });
    expect(state.alerts.map((a) => a.id)).toEqual([`detector-fault:A-W-SB2:${at(900)}`]);
    // a re-delivered batch (a transport replaying its stream after the rebuild) changes nothing
    const replayedTail = feed.filter((e) => e.ts >= at(39 * 60));
    await next.onBatch({ intersectionId: 'A', committedAt: Date.now(), events: replayedTail, samples: [] });
    await next.flush();
    await next.close();
  });
});
