/**
 * The engine against the simulator's ground truth (issue 6): the built-in simulator's AM
 * peak, one hour of the whole showcase network, fed through the engine's shards (the pure
 * path, 3 s reorder window, 30 s chunks); per approach per 15 minutes the engine's volume,
 * arrivals on green and HCM control delay are compared with the truth, and the error
 * distribution is printed.
 *
 * What is compared with what:
 * - volume: each lane counts where its detector is — lanes counted upstream (advance or count
 *   detectors, binned by when the vehicle reaches the stop line) against the truth's
 *   arrivals, lanes counted at the stop bar against its departures;
 * - arrivals on green: the engine's %AoG (lanes with advance detectors) against the truth's
 *   share over the approach;
 * - delay: the engine's HCM estimate (DESIGN §6: d1·PF + d2, T = 0.25 h, k = 0.5, P = %AoG,
 *   over the quarter's sums) against the truth's mean measured control delay per departure.
 *
 * Observability: detectors measure arrivals only while the queue stays below them. A quarter
 * in which the truth's queue reached the approach's advance detectors (or, without any, its
 * link end) is "queue over the detectors": there the detectors see the discharge, not the
 * demand, and no detector-based estimate can follow the truth. The tolerances are asserted on
 * the observable quarters; the others are reported (where the truth's queue is upstream of
 * every detector of the approach, e.g. waiting to enter a full link, nothing the approach's
 * detectors report can show it).
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedIntersection } from '../../geo/network/load-network.js';
import { readNetworkFile, SHOWCASE_NETWORK_PATH } from '../../geo/network/read-network-file.js';
import type { MovementMinute, MovementSums } from '../../services/contracts/measures.js';
import { addMovementSums, emptyMovementSums } from '../../services/engine/measures/movement-sums.js';
import { deriveApproach } from '../../services/engine/shard/approach-derivation.js';
import { buildLayout, type IntersectionLayout } from '../../services/engine/shard/intersection-layout.js';
import { IntersectionShard } from '../../services/engine/shard/intersection-shard.js';
import { createSimulation, type GroundTruthMinute } from '../../simulations/sim/index.js';
import { byIntersection } from '../helpers/by-intersection.js';

const SEED = 20261127;
/** 2026-11-27 07:00 Asia/Shanghai. */
const START = Date.UTC(2026, 10, 26, 23, 0);
const HOUR_MS = 3_600_000;
const QUARTER_MS = 900_000;
const TOLERANCE = { volumePct: 3, aogPp: 5, delayPct: 20 };

interface Comparison {
  approachId: string;
  quarter: number;
  observable: boolean;
  flagged: boolean;
  volume: { engine: number; truth: number; errorPct: number };
  aog: { engine: number | null; truth: number | null; errorPp: number | null };
  delay: { engine: number | null; truth: number | null; errorPct: number | null };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);
}

function describeErrors(label: string, errors: readonly number[], unit: string): string {
  const abs = errors.map(Math.abs);
  const f = (v: number) => v.toFixed(1).padStart(6);
  return `${label.padEnd(30)} n=${String(errors.length).padStart(3)}  |err| p50 ${f(percentile(abs, 0.5))} p75 ${f(percentile(abs, 0.75))} p90 ${f(percentile(abs, 0.9))} p95 ${f(percentile(abs, 0.95))} max ${f(Math.max(...abs))} ${unit}  signed p50 ${f(percentile(errors, 0.5))}`;
}

async function runAmPeak(): Promise<{ comparisons: Comparison[]; layouts: Map<string, IntersectionLayout> }> {
  const loaded = await readNetworkFile(SHOWCASE_NETWORK_PATH);
  if (!loaded.ok) throw new Error('showcase network invalid');
  const network = loaded.network;
  const sim = createSimulation({ network, scenario: 'am-peak', seed: SEED, startTs: START });
  const layouts = new Map<string, IntersectionLayout>();
  const shards = new Map<string, IntersectionShard>();
  for (const intersection of network.intersections) {
    const layout = buildLayout(intersection, intersection.plan);
    layouts.set(intersection.id, layout);
    shards.set(intersection.id, new IntersectionShard(intersection, layout, { reorderWindowMs: 3000 }, START));
  }
  const minutes: MovementMinute[] = [];
  const truth: GroundTruthMinute[] = [];
  // an hour, and two more minutes so the last ones close (a minute closes one minute after its end)
  for (let t = START + 30_000; t <= START + HOUR_MS + 150_000; t += 30_000) {
    const chunk = sim.advanceTo(t);
    truth.push(...chunk.truth);
    const parts = byIntersection(chunk.events, chunk.samples);
    for (const [id, shard] of shards) {
      const step = shard.accept(parts.get(id)?.events ?? [], undefined, parts.get(id)?.samples ?? []);
      expect(step.lateEvents + step.lateSamples).toBe(0);
      minutes.push(...step.outputs.movementMinutes);
    }
  }

  const comparisons: Comparison[] = [];
  for (const intersection of network.intersections as ResolvedIntersection[]) {
    const layout = layouts.get(intersection.id)!;
    layout.approaches.forEach((approach, approachIndex) => {
      for (let quarter = 0; quarter < 4; quarter++) {
        const from = START + quarter * QUARTER_MS;
        const to = from + QUARTER_MS;
        const sums = new Map<number, MovementSums>();
        for (const index of approach.movementIndexes) {
          const type = layout.movements[index]!.type;
          sums.set(index, minutes.filter((m) => m.approachId === approach.id && m.movement === type && m.ts >= from && m.ts < to).reduce((s, m) => addMovementSums(s, m), emptyMovementSums()));
        }
        const derived = deriveApproach(layout, approachIndex, (index) => sums.get(index)!, 900, false, 0);
        const quarterTruth = truth.filter((t) => t.approachId === approach.id && t.ts >= from && t.ts < to);
        // each movement's truth counted where its lanes are counted
        let truthVolume = 0;
        for (const index of approach.movementIndexes) {
          const movement = layout.movements[index]!;
          const upstream = layout.channelList.some((c) => c.movementIndex === index && c.counting && c.kind !== 'stopbar');
          for (const minute of quarterTruth) {
            const m = minute.movements.find((x) => x.type === movement.type);
            truthVolume += (upstream ? m?.arrivals : m?.departures) ?? 0;
          }
        }
        const engineVolume = [...sums.values()].reduce((s, x) => s + x.volumeVeh, 0);
        const arrivals = quarterTruth.reduce((s, t) => s + t.arrivals, 0);
        const onGreen = quarterTruth.reduce((s, t) => s + t.arrivalsOnGreen, 0);
        const departures = quarterTruth.reduce((s, t) => s + t.departures, 0);
        const truthDelay = departures > 0 ? quarterTruth.reduce((s, t) => s + t.totalDelayS, 0) / departures : null;
        const truthAog = arrivals > 0 ? (100 * onGreen) / arrivals : null;
        const reach = Math.min(...approach.movementIndexes.map((i) => layout.movements[i]!.advanceDistanceM ?? Infinity), approach.linkLengthM ?? Infinity);
        const truthQueueM = Math.max(0, ...quarterTruth.map((t) => t.maxQueueM));
        const splitFailures = [...sums.values()].reduce((s, x) => s + x.splitFailures + x.spillbackCycles, 0);
        comparisons.push({
          approachId: approach.id,
          quarter,
          observable: truthQueueM < reach,
          flagged: splitFailures > 0 || derived.congestionIndex >= 6,
          volume: { engine: engineVolume, truth: truthVolume, errorPct: (100 * (engineVolume - truthVolume)) / truthVolume },
          aog: { engine: derived.aogPct, truth: truthAog, errorPp: derived.aogPct === null || truthAog === null ? null : derived.aogPct - truthAog },
          delay: {
            engine: derived.controlDelayS,
            truth: truthDelay,
            errorPct: derived.controlDelayS === null || truthDelay === null ? null : (100 * (derived.controlDelayS - truthDelay)) / truthDelay,
          },
        });
      }
    });
  }
  return { comparisons, layouts };
}

describe('engine accuracy against the simulator (AM peak, whole showcase network, per approach per 15 min)', () => {
  it('meets the tolerances where the detectors can see the traffic, and reports the rest', async () => {
    const { comparisons } = await runAmPeak();
    const observable = comparisons.filter((c) => c.observable);
    const hidden = comparisons.filter((c) => !c.observable);
    const volume = observable.map((c) => c.volume.errorPct);
    const aog = observable.flatMap((c) => (c.aog.errorPp === null ? [] : [c.aog.errorPp]));
    const delay = observable.flatMap((c) => (c.delay.errorPct === null ? [] : [c.delay.errorPct]));
    const within = (errors: number[], limit: number) => errors.filter((e) => Math.abs(e) <= limit).length / errors.length;
    const lines = [
      `approach-quarters: ${comparisons.length}, observable ${observable.length}, queue over the detectors ${hidden.length}`,
      describeErrors('volume, observable (%)', volume, '%'),
      describeErrors('AoG, observable (pp)', aog, 'pp'),
      describeErrors('HCM delay, observable (%)', delay, '%'),
      describeErrors('volume, queue over detectors', hidden.map((c) => c.volume.errorPct), '%'),
      describeErrors('delay, queue over detectors', hidden.flatMap((c) => (c.delay.errorPct === null ? [] : [c.delay.errorPct])), '%'),
      `within tolerance (observable): volume ±${TOLERANCE.volumePct} % ${(100 * within(volume, TOLERANCE.volumePct)).toFixed(1)} %, ` +
        `AoG ±${TOLERANCE.aogPp} pp ${(100 * within(aog, TOLERANCE.aogPp)).toFixed(1)} %, delay ±${TOLERANCE.delayPct} % ${(100 * within(delay, TOLERANCE.delayPct)).toFixed(1)} %`,
      `queue over the detectors flagged congested (split failures, spillback or index ≥ 6): ${hidden.filter((c) => c.flagged).length} of ${hidden.length}`,
      'queue over the detectors, not flagged:',
      ...hidden.filter((c) => !c.flagged).map((c) => `  ${c.approachId.padEnd(8)} q${c.quarter}  vol ${c.volume.errorPct.toFixed(0)} %  delay engine ${c.delay.engine?.toFixed(1)} truth ${c.delay.truth?.toFixed(1)}`),
      'worst observable delay errors:',
      ...[...observable]
        .filter((c) => c.delay.errorPct !== null)
        .sort((a, b) => Math.abs(b.delay.errorPct!) - Math.abs(a.delay.errorPct!))
        .slice(0, 8)
        .map((c) => `  ${c.approachId.padEnd(8)} q${c.quarter}  engine ${c.delay.engine!.toFixed(1)} s  truth ${c.delay.truth!.toFixed(1)} s  (${c.delay.errorPct!.toFixed(0)} %)  AoG ${c.aog.engine?.toFixed(0) ?? '—'} %`),
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);

    // Medians well inside the tolerances, and the large majority of observable quarters within them
    // (measured at seed 20261127: volume 91.7 %, AoG 90.8 %, delay 83.0 %; the bounds leave room
    // for the simulator's own calibration to move). HCM's d1·PF is an estimate: with good
    // progression (Rp 1.15–1.5, f_PA 1.15) it runs 25–45 % above the measured delay.
    expect(observable.length).toBeGreaterThan(200);
    expect(percentile(volume.map(Math.abs), 0.5)).toBeLessThan(TOLERANCE.volumePct / 2);
    expect(percentile(aog.map(Math.abs), 0.5)).toBeLessThan(TOLERANCE.aogPp / 2);
    expect(percentile(delay.map(Math.abs), 0.5)).toBeLessThan(TOLERANCE.delayPct / 2);
    expect(within(volume, TOLERANCE.volumePct)).toBeGreaterThanOrEqual(0.85);
    expect(within(aog, TOLERANCE.aogPp)).toBeGreaterThanOrEqual(0.85);
    expect(within(delay, TOLERANCE.delayPct)).toBeGreaterThanOrEqual(0.75);
  }, 120_000);
});
