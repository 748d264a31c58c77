/**
 * The engine of a process (DESIGN §3): owns the shards of the intersections assigned to
 * it, feeds them the committed batches, persists their outputs in batches, recomputes
 * from the database when records arrive later than the reorder window, and tells
 * listeners (the realtime layer) about states, cycles and alerts. All measuring happens
 * in the pure shards; this file is the thin I/O around them. Storage is a port
 * (`EngineStore`), implemented over the SQL port in services/store.
 */
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TimingPlan } from '../../geo/network/network.schema.js';
import type { NetworkIndex } from '../../geo/network/network-index.js';
import type { Alert, AreaState, CycleMeasures, IntersectionState, Snapshot } from '../contracts/live.js';
import type { ApproachMinute, DetectorStatus, IntersectionMinute, MovementMinute } from '../contracts/measures.js';
import type { CommittedBatch, ControllerEvent, DetectorSample } from '../contracts/records.js';
import { areaStates } from './area-states.js';
import type { NetworkIndexOptions } from './measures/network-index.js';
import type { AlertUpdate } from './shard/alert-rules.js';
import { buildLayout } from './shard/intersection-layout.js';
import { IntersectionShard, type ShardOptions, type ShardStep } from './shard/intersection-shard.js';
import type { CoreOutputs } from './shard/measure-core.js';
import { MINUTE_MS } from './shard/minute-bins.js';
import { DEFAULT_WARMUP_MS, replayOutputs, settledBy } from './shard/replay.js';

/** A range whose stored rows a recompute replaces (half-open). */
export interface ReplaceRange {
  intersectionId: string;
  cyclesFrom: number;
  cyclesTo: number;
  minutesFrom: number;
  minutesTo: number;
}

/** What one write stores, in one transaction: replaced ranges are deleted first. */
export interface OutputBatch {
  replace: ReplaceRange[];
  cycles: CycleMeasures[];
  movementMinutes: MovementMinute[];
  approachMinutes: ApproachMinute[];
  intersectionMinutes: IntersectionMinute[];
  detectorStatus: DetectorStatus[];
}

/** The engine's storage port. */
export interface EngineStore {
  loadEvents(intersectionId: string, from: number, to: number): Promise<ControllerEvent[]>;
  /** Aggregated samples whose interval starts in [from, to). */
  loadSamples(intersectionId: string, from: number, to: number): Promise<DetectorSample[]>;
  latestEventTs(intersectionId: string): Promise<number | null>;
  writeOutputs(batch: OutputBatch): Promise<void>;
  /** Stores the engine's view of an alert; returns the stored alert, or undefined when closed by hand. */
  upsertAlert(update: AlertUpdate): Promise<Alert | undefined>;
  activeAlerts(intersectionIds: readonly string[]): Promise<Alert[]>;
  detectorStatus(intersectionIds: readonly string[]): Promise<DetectorStatus[]>;
}

export interface EngineOptions extends Omit<ShardOptions, 'reorderWindowMs'> {
  network: NetworkIndex;
  /** Current plan per intersection (default: the network file's). */
  plans?: ReadonlyMap<string, TimingPlan>;
  store: EngineStore;
  /** DESIGN: 3 s. */
  reorderWindowMs: number;
  /** Network index breakpoints and moderate weight for the area indices (DESIGN §6 defaults). */
  networkIndex?: NetworkIndexOptions;
  /** Replay warm-up before a recomputed or rebuilt range (default 15 min). */
  warmupMs?: number;
  /** How long after its last batch an idle shard starts moving on by the wall clock (default 60 s). */
  idleAfterMs?: number;
  /** Persisting period (default 250 ms). */
  flushIntervalMs?: number;
  /** Every shard's state is pushed at least this often (DESIGN: 5 s). */
  stateIntervalMs?: number;
  /** Late records further back than this are replayed on their own range, without rebuilding the live state (default 1 h). */
  maxRecomputeMs?: number;
  logger?: Logger;
  registry?: Registry;
  now?: () => number;
}

export type StateListener = (intersections: IntersectionState[], areas: AreaState[]) => void;
export type CycleListener = (cycle: CycleMeasures) => void;
export type AlertListener = (alert: Alert) => void;

export interface ReplayReport {
  intersectionId: string;
  from: number;
  to: number;
  events: number;
  cycles: number;
  minutes: number;
}

export interface Engine {
  /** ShardConsumer (services/realtime/shard-transport.ts): rebuild state, then receive batches. */
  onAssigned(intersectionIds: readonly string[]): Promise<void>;
  onRevoked(intersectionIds: readonly string[]): Promise<void>;
  onBatch(batch: CommittedBatch): Promise<void>;
  onState(listener: StateListener): () => void;
  onCycle(listener: CycleListener): () => void;
  onAlert(listener: AlertListener): () => void;
  /** The current picture of a scope (`city`, `district:<id>`, `corridor:<id>`, `intersection:<id>`). */
  snapshot(scope: string): Snapshot;
  /** Silence alerts, idle shards, the periodic state push (the timer calls it every second). */
  tick(now?: number): Promise<void>;
  /** Recomputes [from, to) of an intersection from the database and replaces its stored rows. */
  replay(intersectionId: string, from: number, to: number): Promise<ReplayReport>;
  /** A new current plan (after an approved suggestion). */
  setPlan(intersectionId: string, plan: TimingPlan): void;
  /** Waits until everything produced so far is stored. */
  flush(): Promise<void>;
  start(): void;
  close(): Promise<void>;
}

interface ShardSlot {
  shard: IntersectionShard | undefined;
  /** Batches that arrived while a recompute ran. */
  queued: CommittedBatch[];
  busy: boolean;
  lastStatePushAt: number;
}

function emptyBatch(): OutputBatch {
  return { replace: [], cycles: [], movementMinutes: [], approachMinutes: [], intersectionMinutes: [], detectorStatus: [] };
}

function metrics(registry: Registry | undefined) {
  const registers = registry ? [registry] : [];
  return {
    events: new Counter({ name: 'zhidu_engine_events_total', help: 'Controller events applied by the engine', registers }),
    late: new Counter({ name: 'zhidu_engine_late_events_total', help: 'Events older than the reorder window (recomputed from the database)', registers }),
    duplicates: new Counter({ name: 'zhidu_engine_duplicate_events_total', help: 'Re-delivered events dropped by the engine', registers }),
    recomputes: new Counter({ name: 'zhidu_engine_recomputes_total', help: 'Recomputes of cycles and minutes from the database', registers }),
    errors: new Counter({ name: 'zhidu_engine_errors_total', help: 'Engine failures by stage', labelNames: ['stage'] as const, registers }),
    shards: new Gauge({ name: 'zhidu_engine_shards', help: 'Intersections this process computes', registers }),
    latency: new Histogram({
      name: 'zhidu_engine_commit_to_state_seconds',
      help: 'From the COMMIT of a batch to the live state that follows it',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
  };
}

/**
 * @example
 * const engine = createEngine({ network, store: createEngineStore(sql), reorderWindowMs: 3000 });
 * engine.onState((states, areas) => live.publishState(states, areas));
 * await shards.consume(engine); engine.start();
 */
export function createEngine(options: EngineOptions): Engine {
  const { network, store, logger } = options;
  const now = options.now ?? Date.now;
  const warmupMs = options.warmupMs ?? DEFAULT_WARMUP_MS;
  const idleAfterMs = options.idleAfterMs ?? 60_000;
  const flushIntervalMs = options.flushIntervalMs ?? 250;
  const stateIntervalMs = options.stateIntervalMs ?? 5_000;
  const maxRecomputeMs = options.maxRecomputeMs ?? 3_600_000;
  const closeLagMs = options.closeLagMs ?? 60_000;
  const finalizeLagMs = options.finalizeLagMs ?? 10_000;
  const shardOptions: ShardOptions = { ...options, reorderWindowMs: options.reorderWindowMs };
  const plans = new Map(options.plans ?? []);
  const m = metrics(options.registry);
  const slots = new Map<string, ShardSlot>();
  const states = new Map<string, IntersectionState>();
  const alerts = new Map<string, Alert>();
  const stateListeners = new Set<StateListener>();
  const cycleListeners = new Set<CycleListener>();
  const alertListeners = new Set<AlertListener>();
  let pending = emptyBatch();
  let writes: Promise<void> = Promise.resolve();
  let alertWrites: Promise<void> = Promise.resolve();
  /** Recomputes running now (flush waits for them). */
  const inflight = new Set<Promise<void>>();
  let flushTimer: NodeJS.Timeout | undefined;
  let tickTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const fail = (stage: string, error: unknown, context: Record<string, unknown> = {}) => {
    m.errors.inc({ stage });
    logger?.error({ err: error, stage, ...context }, 'engine failure');
  };

  const planOf = (intersectionId: string): TimingPlan => {
    const intersection = network.intersections.get(intersectionId);
    if (!intersection) throw new RangeError(`unknown intersection ${intersectionId}`);
    return plans.get(intersectionId) ?? intersection.plan;
  };

  const newShard = (intersectionId: string, streamStart: number): IntersectionShard => {
    const intersection = network.intersections.get(intersectionId);
    if (!intersection) throw new RangeError(`unknown intersection ${intersectionId}`);
    return new IntersectionShard(intersection, buildLayout(intersection, planOf(intersectionId)), shardOptions, streamStart);
  };

  const queueOutputs = (intersectionId: string, outputs: CoreOutputs) => {
    pending.cycles.push(...outputs.cycles);
    pending.movementMinutes.push(...outputs.movementMinutes);
    pending.approachMinutes.push(...outputs.approachMinutes);
    pending.intersectionMinutes.push(...outputs.intersectionMinutes);
    for (const change of outputs.detectorChanges) {
      pending.detectorStatus.push({
        detectorId: change.detectorId,
        intersectionId,
        channel: change.channel,
        status: change.status,
        faults: change.faults,
        since: change.at,
        details: { cause: change.cause, ...change.details },
      });
    }
  };

  /** Appends a write to the chain; writes run one at a time, in order. */
  const write = (batch: OutputBatch): Promise<void> => {
    const next = writes.then(() => store.writeOutputs(batch));
    writes = next.catch((error: unknown) => {
      fail('write', error, { rows: batch.cycles.length + batch.movementMinutes.length });
      // Keep what failed: it goes again with the next flush (writes are idempotent upserts).
      pending.cycles.unshift(...batch.cycles);
      pending.movementMinutes.unshift(...batch.movementMinutes);
      pending.approachMinutes.unshift(...batch.approachMinutes);
      pending.intersectionMinutes.unshift(...batch.intersectionMinutes);
      pending.detectorStatus.unshift(...batch.detectorStatus);
      pending.replace.unshift(...batch.replace);
    });
    return writes;
  };

  const flushPending = (): Promise<void> => {
    const batch = pending;
    const empty =
      batch.replace.length + batch.cycles.length + batch.movementMinutes.length + batch.approachMinutes.length + batch.intersectionMinutes.length + batch.detectorStatus.length === 0;
    if (empty) return writes;
    pending = emptyBatch();
    return write(batch);
  };

  const publishAlerts = (updates: readonly AlertUpdate[]) => {
    for (const update of updates) {
      alertWrites = alertWrites
        .then(async () => {
          const stored = await store.upsertAlert(update);
          if (!stored) {
            alerts.delete(update.id);
            return;
          }
          if (stored.status === 'closed') alerts.delete(stored.id);
          else alerts.set(stored.id, stored);
          for (const listener of alertListeners) listener(stored);
        })
        .catch((error: unknown) => fail('alert', error, { alert: update.id }));
    }
  };

  const pushStates = (list: IntersectionState[]) => {
    if (list.length === 0 || stateListeners.size === 0) return;
    const areas = areaStates(network, states, options.networkIndex ?? {});
    for (const listener of stateListeners) {
      try {
        listener(list, areas);
      } catch (error) {
        fail('listener', error);
      }
    }
  };

  const refreshState = (slot: ShardSlot, at: number): IntersectionState | undefined => {
    if (!slot.shard) return undefined;
    const state = slot.shard.state();
    states.set(state.intersectionId, state);
    slot.lastStatePushAt = at;
    return state;
  };

  const handleStep = (intersectionId: string, step: ShardStep, publish: boolean) => {
    queueOutputs(intersectionId, step.outputs);
    if (publish) {
      for (const cycle of step.outputs.cycles) for (const listener of cycleListeners) listener(cycle);
      publishAlerts(step.alerts);
    }
  };

  /**
   * Rebuilds the shard's core from the database after late records, and replaces the rows
   * they change. Records older than `maxRecomputeMs` before the frontier no longer touch the
   * live state: their range alone is replayed.
   */
  const recompute = async (intersectionId: string, slot: ShardSlot, lateFrom: number): Promise<void> => {
    const shard = slot.shard;
    if (!shard) return;
    m.recomputes.inc();
    const frontier = shard.buffer.frontier;
    const writeFrom = Math.floor(lateFrom / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
    if (frontier - writeFrom > maxRecomputeMs) {
      await engine.replay(intersectionId, writeFrom, writeFrom + maxRecomputeMs);
      return;
    }
    const start = writeFrom - warmupMs;
    await flushPending();
    const events = await store.loadEvents(intersectionId, start, frontier);
    const samples = await store.loadSamples(intersectionId, start, frontier);
    const core = shard.newCore(start, shard.core.faultyDetectors());
    const outputs = replayOutputs(core, events, samples, writeFrom, Infinity, frontier);
    const minutesTo = Math.floor((frontier - closeLagMs) / MINUTE_MS) * MINUTE_MS;
    shard.replaceCore(core);
    pending.replace.push({ intersectionId, cyclesFrom: writeFrom, cyclesTo: frontier - finalizeLagMs + 1, minutesFrom: writeFrom, minutesTo: Math.max(writeFrom, minutesTo) });
    queueOutputs(intersectionId, { ...outputs, detectorChanges: [] });
    await flushPending();
  };

  const process = (slot: ShardSlot, batch: CommittedBatch): void => {
    const receivedAt = now();
    if (!slot.shard) {
      if (batch.events.length + batch.samples.length === 0) return;
      const first = Math.min(...batch.events.map((e) => e.ts), ...batch.samples.map((s) => s.ts));
      slot.shard = newShard(batch.intersectionId, Math.floor(first / MINUTE_MS) * MINUTE_MS);
    }
    const step = slot.shard.accept(batch.events, receivedAt, batch.samples);
    m.events.inc(batch.events.length - step.lateEvents - step.duplicates);
    if (step.duplicates > 0) m.duplicates.inc(step.duplicates);
    handleStep(batch.intersectionId, step, true);
    const state = refreshState(slot, receivedAt);
    if (state) pushStates([state]);
    m.latency.observe(Math.max(0, now() - batch.committedAt) / 1000);
    if (step.lateFrom !== null) {
      m.late.inc(step.lateEvents + step.lateSamples);
      runExclusive(batch.intersectionId, slot, () => recompute(batch.intersectionId, slot, step.lateFrom as number));
    }
  };

  /** Runs `task` while holding the slot; batches arriving meanwhile wait and run after it, in order. */
  const runExclusive = (intersectionId: string, slot: ShardSlot, task: () => Promise<void>) => {
    slot.busy = true;
    const running: Promise<void> = task()
      .catch((error: unknown) => fail('recompute', error, { intersectionId }))
      .finally(() => {
        inflight.delete(running);
        slot.busy = false;
        const queued = slot.queued.splice(0);
        for (const batch of queued) {
          if (slot.busy) slot.queued.push(batch);
          else process(slot, batch);
        }
      });
    inflight.add(running);
  };

  const rebuild = async (intersectionId: string): Promise<ShardSlot> => {
    const slot: ShardSlot = { shard: undefined, queued: [], busy: true, lastStatePushAt: 0 };
    slots.set(intersectionId, slot);
    try {
      const latest = await store.latestEventTs(intersectionId);
      if (latest !== null) {
        // Two warm-ups back: the first converges the state, the second is rewritten (it may
        // hold minutes that never closed before the previous owner stopped).
        const start = Math.floor((latest - 2 * warmupMs) / MINUTE_MS) * MINUTE_MS;
        const statuses = await store.detectorStatus([intersectionId]);
        const shard = newShard(intersectionId, start);
        const layout = shard.layout;
        const seeds = new Map<number, DetectorStatus['faults']>();
        for (const s of statuses) if (s.status === 'faulty' && s.since <= start && layout.channels[s.channel]) seeds.set(s.channel, s.faults);
        if (seeds.size > 0) shard.core = shard.newCore(start, seeds);
        const events = await store.loadEvents(intersectionId, start, latest + 1);
        const samples = await store.loadSamples(intersectionId, start, latest + 1);
        const frontier = Math.max(start, latest - options.reorderWindowMs);
        const outputs = replayOutputs(shard.core, events, samples, start + warmupMs, Infinity, frontier);
        shard.buffer.resumeAt(frontier, events);
        shard.buffer.push(events.filter((e) => e.ts >= frontier));
        queueOutputs(intersectionId, outputs);
        shard.resetAlerts();
        shard.rules.restore(await store.activeAlerts([intersectionId]));
        slot.shard = shard;
        refreshState(slot, now());
      }
      for (const alert of await store.activeAlerts([intersectionId])) alerts.set(alert.id, alert);
    } finally {
      slot.busy = false;
    }
    const queued = slot.queued.splice(0);
    for (const batch of queued) process(slot, batch);
    return slot;
  };

  const inScope = (scope: string, intersectionId: string): boolean => {
    if (scope === 'city') return true;
    const intersection = network.intersections.get(intersectionId);
    if (!intersection) return false;
    if (scope === `intersection:${intersectionId}`) return true;
    if (scope === `district:${intersection.district}`) return true;
    return intersection.corridors.some((c) => scope === `corridor:${c}`);
  };

  const engine: Engine = {
    async onAssigned(intersectionIds) {
      for (const id of intersectionIds) {
        if (!network.intersections.has(id) || slots.has(id)) continue;
        try {
          await rebuild(id);
        } catch (error) {
          fail('rebuild', error, { intersectionId: id });
        }
      }
      m.shards.set(slots.size);
      await flushPending();
    },
    async onRevoked(intersectionIds) {
      await flushPending();
      for (const id of intersectionIds) {
        slots.delete(id);
        states.delete(id);
      }
      m.shards.set(slots.size);
    },
    async onBatch(batch) {
      if (closed) return;
      let slot = slots.get(batch.intersectionId);
      if (!slot) {
        if (!network.intersections.has(batch.intersectionId)) return;
        slot = { shard: undefined, queued: [], busy: false, lastStatePushAt: 0 };
        slots.set(batch.intersectionId, slot);
        m.shards.set(slots.size);
      }
      if (slot.busy) {
        slot.queued.push(batch);
        return;
      }
      try {
        process(slot, batch);
      } catch (error) {
        fail('batch', error, { intersectionId: batch.intersectionId, events: batch.events.length });
      }
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onCycle(listener) {
      cycleListeners.add(listener);
      return () => cycleListeners.delete(listener);
    },
    onAlert(listener) {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    },
    snapshot(scope) {
      const intersections = [...states.values()].filter((s) => inScope(scope, s.intersectionId));
      const areas = areaStates(network, states, options.networkIndex ?? {}).filter((a) => scope === 'city' || a.scope === scope);
      const scopedAlerts = [...alerts.values()].filter((a) => (a.intersectionId ? inScope(scope, a.intersectionId) : scope === 'city'));
      const sourceTs = Math.max(0, ...intersections.map((s) => s.sourceTs), ...areas.map((a) => a.sourceTs));
      return { scope, sourceTs, areas, intersections, alerts: scopedAlerts };
    },
    async tick(at = now()) {
      const due: IntersectionState[] = [];
      for (const [id, slot] of slots) {
        const shard = slot.shard;
        if (!shard || slot.busy) continue;
        publishAlerts(shard.clock(at));
        if (shard.lastReceivedAt !== null && at - shard.lastReceivedAt > idleAfterMs) {
          // A quiet feed: let event time follow the wall clock so minutes still close.
          const until = shard.buffer.maxSeen + (at - shard.lastReceivedAt) - idleAfterMs;
          try {
            handleStep(id, shard.idle(until), true);
          } catch (error) {
            fail('idle', error, { intersectionId: id });
          }
        }
        if (at - slot.lastStatePushAt >= stateIntervalMs) {
          const state = refreshState(slot, at);
          if (state) due.push(state);
        }
      }
      pushStates(due);
    },
    async replay(intersectionId, from, to) {
      const slot = slots.get(intersectionId);
      const start = from - warmupMs;
      const until = settledBy(to, closeLagMs);
      const events = await store.loadEvents(intersectionId, start, until);
      const samples = await store.loadSamples(intersectionId, start, until);
      const shard = slot?.shard ?? newShard(intersectionId, start);
      const statuses = await store.detectorStatus([intersectionId]);
      const seeds = new Map<number, DetectorStatus['faults']>();
      for (const s of statuses) if (s.status === 'faulty' && s.since <= start) seeds.set(s.channel, s.faults);
      const outputs = replayOutputs(shard.newCore(start, seeds), events, samples, from, to, until);
      await flushPending();
      pending.replace.push({ intersectionId, cyclesFrom: from, cyclesTo: to, minutesFrom: from, minutesTo: to });
      queueOutputs(intersectionId, { ...outputs, detectorChanges: [] });
      await flushPending();
      return { intersectionId, from, to, events: events.length, cycles: outputs.cycles.length, minutes: outputs.intersectionMinutes.length };
    },
    setPlan(intersectionId, plan) {
      plans.set(intersectionId, plan);
      const slot = slots.get(intersectionId);
      if (slot?.shard) {
        // The layout's plan facts (id, cycle, yellow, all-red) apply from here on; the shard's state is kept.
        const layout = buildLayout(slot.shard.intersection, plan);
        Object.assign(slot.shard.layout, { planId: layout.planId, cycleS: layout.cycleS });
        // Screens show the plan in force at once, not at the next periodic push.
        const state = refreshState(slot, now());
        if (state) pushStates([state]);
      }
    },
    async flush() {
      while (inflight.size > 0) await Promise.all([...inflight]);
      await flushPending();
      await writes;
      await alertWrites;
    },
    start() {
      if (flushTimer) return;
      flushTimer = setInterval(() => void flushPending(), flushIntervalMs);
      tickTimer = setInterval(() => void engine.tick().catch((error: unknown) => fail('tick', error)), 1000);
      flushTimer.unref?.();
      tickTimer.unref?.();
    },
    async close() {
      closed = true;
      clearInterval(flushTimer);
      clearInterval(tickTimer);
      flushTimer = undefined;
      tickTimer = undefined;
      await engine.flush();
    },
  };
  return engine;
}
