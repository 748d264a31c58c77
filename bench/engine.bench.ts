/**
 * `npm run bench:engine` — the engine's hot path (issue 6):
 * 1. events/s through the pure shards on one core: one simulated AM-peak hour of the whole
 *    showcase network (the simulator's events, pre-generated), fed to the 18 shards in 30 s
 *    chunks per intersection, as a live feed arrives; baseline side by side: copying,
 *    sorting by (ts, code) and reading the same chunks — the least any consumer must do;
 * 2. memory per intersection: heap growth after GC divided by the shards, with every shard
 *    at steady state after the hour (rolling windows, recent activations, health);
 * 3. commit-to-state latency through the I/O wrapper on PGlite: batches of 5 s per
 *    intersection at 30× real time, each stamped `committedAt` just before the hand-off,
 *    until the engine's state listener runs; side by side the same with a storage port that
 *    stores nothing, so the ratio shows what persisting costs the live path.
 * Writes its section of bench/RESULTS.md.
 */
import os from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readNetworkFile, SHOWCASE_NETWORK_PATH } from '../geo/network/read-network-file.js';
import type { Network } from '../geo/network/load-network.js';
import { indexNetwork } from '../geo/network/network-index.js';
import type { ControllerEvent, DetectorSample } from '../services/contracts/records.js';
import { createEngine, type EngineStore } from '../services/engine/engine.js';
import { compareEvents } from '../services/engine/measures/event-order.js';
import { buildLayout } from '../services/engine/shard/intersection-layout.js';
import { IntersectionShard } from '../services/engine/shard/intersection-shard.js';
import { migrate } from '../services/store/migrate.js';
import { openPgliteStore } from '../services/store/pglite.adapter.js';
import { copyControllerEvents } from '../services/store/repositories/controller-event.repository.js';
import { createEngineStore } from '../services/store/repositories/engine-store.repository.js';
import { ensureDayPartitions } from '../services/store/retention.js';
import { createSimulation } from '../simulations/sim/index.js';

const START = Date.UTC(2026, 10, 26, 23, 0); // 07:00 Asia/Shanghai
const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const SECTION = 'bench:engine';
const HOUR_MS = 3_600_000;
const CHUNK_MS = 30_000;
const RUNS = 5;
/** Rounds run first and not timed: the shards' code reaches its optimised tiers only after a few hours' worth of events. */
const WARMUP_ROUNDS = 3;

interface Chunk {
  intersectionId: string;
  events: ControllerEvent[];
  samples: DetectorSample[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** Replaces this benchmark's section of RESULTS.md (between its markers), leaving the others as they are. */
async function writeSection(markdown: string): Promise<void> {
  const start = `<!-- ${SECTION}:start -->`;
  const end = `<!-- ${SECTION}:end -->`;
  const text = await readFile(RESULTS, 'utf8').catch(() => '# Benchmark results\n');
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  await writeFile(RESULTS, from >= 0 && to > from ? `${text.slice(0, from)}${block}${text.slice(to + end.length)}` : `${text.trimEnd()}\n\n${block}\n`);
}

function gc(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

/** The simulator's hour, cut into per-intersection chunks of `chunkMs`, in time order. */
function simulate(network: Network, durationMs: number, chunkMs: number): { chunks: Chunk[]; events: number } {
  const sim = createSimulation({ network, scenario: 'am-peak', seed: 20261127, startTs: START });
  const chunks: Chunk[] = [];
  let events = 0;
  for (let t = START + chunkMs; t <= START + durationMs; t += chunkMs) {
    const out = sim.advanceTo(t);
    events += out.events.length;
    for (const intersection of network.intersections) {
      chunks.push({
        intersectionId: intersection.id,
        events: out.events.filter((e) => e.intersectionId === intersection.id),
        samples: out.samples.filter((s) => s.intersectionId === intersection.id),
      });
    }
  }
  return { chunks, events };
}

function newShards(network: Network): Map<string, IntersectionShard> {
  return new Map(network.intersections.map((i) => [i.id, new IntersectionShard(i, buildLayout(i, i.plan), { reorderWindowMs: 3000 }, START)]));
}

/** Feeds every chunk to its shard; returns ms and keeps nothing but the shards. */
function feedShards(shards: Map<string, IntersectionShard>, chunks: readonly Chunk[]): number {
  let sink = 0;
  const started = performance.now();
  for (const chunk of chunks) {
    const step = (shards.get(chunk.intersectionId) as IntersectionShard).accept(chunk.events, undefined, chunk.samples);
    sink += step.outputs.cycles.length + step.outputs.movementMinutes.length;
  }
  const ms = performance.now() - started;
  if (sink < 0) throw new Error('unreachable');
  return ms;
}

/** The baseline: copy, sort by (ts, code) and read every chunk. */
function baseline(chunks: readonly Chunk[]): number {
  let sink = 0;
  const started = performance.now();
  for (const chunk of chunks) {
    const sorted = [...chunk.events].sort(compareEvents);
    for (const e of sorted) sink += e.code + e.param;
  }
  const ms = performance.now() - started;
  if (sink < 0) throw new Error('unreachable');
  return ms;
}

const nullStore: EngineStore = {
  loadEvents: async () => [],
  loadSamples: async () => [],
  latestEventTs: async () => null,
  writeOutputs: async () => undefined,
  upsertAlert: async (update) => ({ ...update, acknowledgedBy: null }),
  activeAlerts: async () => [],
  detectorStatus: async () => [],
};

/**
 * Commit-to-state latencies (ms) of batches fed at `speed`× real time; each batch is
 * committed first (`commit`, as ingest does) and stamped when its commit returns.
 */
async function latencies(network: Network, store: EngineStore, chunks: readonly Chunk[], speed: number, commit: (events: ControllerEvent[]) => Promise<void>): Promise<number[]> {
  const engine = createEngine({ network: indexNetwork(network), store, reorderWindowMs: 3000 });
  const pendingCommit = new Map<string, number>();
  const results: number[] = [];
  engine.onState((states) => {
    const now = performance.timeOrigin + performance.now();
    for (const state of states) {
      const committedAt = pendingCommit.get(state.intersectionId);
      if (committedAt !== undefined) {
        results.push(now - committedAt);
        pendingCommit.delete(state.intersectionId);
      }
    }
  });
  await engine.onAssigned(network.intersections.map((i) => i.id));
  engine.start();
  const wallStart = performance.now();
  for (const chunk of chunks) {
    const first = chunk.events[0]?.ts ?? START;
    const due = (first - START) / speed;
    const wait = due - (performance.now() - wallStart);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await commit(chunk.events);
    const committedAt = performance.timeOrigin + performance.now();
    pendingCommit.set(chunk.intersectionId, committedAt);
    await engine.onBatch({ intersectionId: chunk.intersectionId, committedAt, events: chunk.events, samples: chunk.samples });
  }
  await engine.close();
  return results;
}

export async function run(): Promise<void> {
  const loaded = await readNetworkFile(SHOWCASE_NETWORK_PATH);
  if (!loaded.ok) throw new Error('the showcase network does not load');
  const network = loaded.network;

  // 1. Throughput
  const { chunks, events } = simulate(network, HOUR_MS, CHUNK_MS);
  for (let i = 0; i < WARMUP_ROUNDS; i++) feedShards(newShards(network), chunks);
  const shardMs = median(Array.from({ length: RUNS }, () => feedShards(newShards(network), chunks)));
  for (let i = 0; i < WARMUP_ROUNDS; i++) baseline(chunks);
  const baseMs = median(Array.from({ length: RUNS }, () => baseline(chunks)));
  const eventsPerS = events / (shardMs / 1000);

  // 2. Memory per intersection (ten copies of the network's shards, each after the hour)
  const copies = 10;
  gc();
  const before = process.memoryUsage().heapUsed;
  const held: Map<string, IntersectionShard>[] = [];
  for (let i = 0; i < copies; i++) {
    const shards = newShards(network);
    feedShards(shards, chunks);
    held.push(shards);
  }
  gc();
  const bytesPerShard = (process.memoryUsage().heapUsed - before) / (copies * network.intersections.length);
  if (held.length !== copies) throw new Error('unreachable');

  // 3. Commit-to-state latency, 15 minutes at 30× real time (30 s of wall time), 5 s batches
  const { chunks: live } = simulate(network, 15 * 60_000, 5_000);
  const store = await openPgliteStore();
  await migrate(store);
  await ensureDayPartitions(store, new Date(START - 86_400_000), new Date(START + 86_400_000));
  const commitToStore = (events: ControllerEvent[]) => copyControllerEvents(store, events.map((e) => ({ ...e, feedId: null, seq: null })));
  const withDb = await latencies(network, createEngineStore(store), live, 30, commitToStore);
  const withoutDb = await latencies(network, nullStore, live, 30, async () => undefined);
  await store.close();

  const p = (xs: number[], q: number) => percentile(xs, q).toFixed(2);
  const lines = [
    `throughput: ${events} events in ${(shardMs / 1000).toFixed(2)} s → ${Math.round(eventsPerS).toLocaleString('en')} events/s; baseline (copy + sort + read) ${baseMs.toFixed(0)} ms → the shards cost ${(shardMs / baseMs).toFixed(1)}× the baseline`,
    `memory: ${(bytesPerShard / 1024).toFixed(1)} KB per intersection after an hour (${copies * network.intersections.length} shards)`,
    `commit-to-state (PGlite): p50 ${p(withDb, 0.5)} ms, p99 ${p(withDb, 0.99)} ms, max ${p(withDb, 1)} ms over ${withDb.length} batches; without storage: p50 ${p(withoutDb, 0.5)} ms, p99 ${p(withoutDb, 0.99)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  await writeSection(
    `## Engine (\`bench/engine.bench.ts\`)

Command: \`npm run bench:engine\` — measured ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${os.cpus().length} vCPUs, load average ${(os.loadavg()[0] ?? 0).toFixed(1)} at the start (absolute figures move with other work on the machine; the ratios much less).

| measure | engine | baseline, side by side | ratio | target |
|---|---|---|---|---|
| events/s through the pure shards, one core (one AM-peak hour of the 18 showcase intersections, ${events.toLocaleString('en')} events, 30 s chunks per intersection; median of ${RUNS} after ${WARMUP_ROUNDS} untimed rounds) | ${Math.round(eventsPerS).toLocaleString('en')} events/s (${(shardMs / 1000).toFixed(2)} s) | copy + sort by (ts, code) + read the same chunks: ${baseMs.toFixed(0)} ms | ${(shardMs / baseMs).toFixed(1)}× the baseline | ≥ 500,000 events/s |
| memory per intersection (heap growth after GC ÷ ${copies * network.intersections.length} shards at steady state after the hour) | ${(bytesPerShard / 1024).toFixed(1)} KB | — | — | ≤ 200 KB |
| commit-to-state latency through the I/O wrapper, PGlite (5 s batches per intersection at 30× real time, ${withDb.length} batches) | p50 ${p(withDb, 0.5)} ms, p99 ${p(withDb, 0.99)} ms | same with a storage port that stores nothing: p50 ${p(withoutDb, 0.5)} ms, p99 ${p(withoutDb, 0.99)} ms | p99 ${(percentile(withDb, 0.99) / Math.max(0.001, percentile(withoutDb, 0.99))).toFixed(1)}× | p99 ≤ 100 ms |

Commit-to-state is from the batch's \`committedAt\` to the state listener: the state is computed
from the events the 3 s reorder window has released, so the newest events of a batch show in the
next state (by design: DESIGN §3 bounded lateness). Persisting runs beside the live path (batched
every 250 ms), which is why the database adds little to the latency.`,
  );
}
