/**
 * Time series of approach and intersection measures (DESIGN §6, §11): movement sums per
 * bucket from the minute rows or the 15-minute/hourly roll-ups, turned into the same
 * measures the engine shows (HCM per movement, flow-weighted approach delay, congestion
 * index, level) by the engine's own pure derivation. A bucket's spillback counts when most
 * of a movement's cycles in it spilled back; it is degraded when a faulty detector fed it.
 */
import type { ResolvedIntersection } from '../../../../geo/network/load-network.js';
import type { NetworkIndex } from '../../../../geo/network/network-index.js';
import type { ApproachPoint, IntersectionPoint, MovementSums } from '../../../contracts/measures.js';
import { congestionLevel, intersectionCongestionIndex } from '../../../engine/measures/congestion-index.js';
import { emptyMovementSums } from '../../../engine/measures/movement-sums.js';
import { approachSplitFailures, deriveApproach, type DerivationOptions } from '../../../engine/shard/approach-derivation.js';
import { buildLayout, type IntersectionLayout } from '../../../engine/shard/intersection-layout.js';
import { DEGRADED_DETECTOR_FAULT } from '../../../engine/shard/minute-bins.js';
import type { SqlExecutor } from '../../../store/port.js';
import { movementSeries, type MovementBucket } from '../../../store/repositories/measure-series.repository.js';

const layouts = new WeakMap<ResolvedIntersection, IntersectionLayout>();

function layoutOf(intersection: ResolvedIntersection): IntersectionLayout {
  let layout = layouts.get(intersection);
  if (!layout) layouts.set(intersection, (layout = buildLayout(intersection, intersection.plan)));
  return layout;
}

function approachPoint(layout: IntersectionLayout, approachIndex: number, bucket: number, rows: readonly MovementBucket[], options: DerivationOptions): ApproachPoint {
  const approach = layout.approaches[approachIndex];
  if (!approach) throw new RangeError(`no approach ${approachIndex}`);
  const sums = new Map<number, MovementSums>();
  let minutes = 0;
  let degraded = false;
  let spill = false;
  let spillbackCycles = 0;
  for (const index of approach.movementIndexes) {
    const movement = layout.movements[index];
    const row = rows.find((r) => r.movement === movement?.type);
    sums.set(index, row ?? emptyMovementSums());
    if (!row) continue;
    minutes = Math.max(minutes, row.minutes);
    degraded ||= row.degradedMinutes > 0;
    spill ||= row.cycles > 0 && row.spillbackCycles * 2 >= row.cycles;
    spillbackCycles = Math.max(spillbackCycles, row.spillbackCycles);
  }
  const sumsOf = (index: number) => sums.get(index) ?? emptyMovementSums();
  const derived = deriveApproach(layout, approachIndex, sumsOf, minutes * 60, spill, degraded ? DEGRADED_DETECTOR_FAULT : 0, options);
  return {
    ts: bucket,
    volumeVeh: approach.movementIndexes.reduce((total, index) => total + sumsOf(index).volumeVeh, 0),
    flowVph: derived.flowVph,
    vc: derived.vc,
    controlDelayS: derived.controlDelayS,
    los: derived.los,
    aogPct: derived.aogPct,
    atspmDelayS: derived.atspmDelayS,
    queueVeh: derived.queueVeh,
    queueM: derived.queueM,
    splitFailures: approachSplitFailures(layout, approachIndex, (index) => sumsOf(index).splitFailures),
    cycles: Math.max(0, ...approach.movementIndexes.map((index) => sumsOf(index).cycles)),
    spillbackCycles,
    congestionIndex: derived.congestionIndex,
    level: derived.level,
    degraded,
    movements: derived.movements.map((m, i) => {
      const s = sumsOf(approach.movementIndexes[i] as number);
      return {
        movement: m.type,
        phase: m.phase,
        volumeVeh: s.volumeVeh,
        flowVph: m.flowVph,
        greenRatio: m.greenRatio,
        capacityVph: m.capacityVph,
        vc: m.vc,
        controlDelayS: m.controlDelayS,
        los: m.los,
        aogPct: m.aogPct,
        queueVeh: m.queueVeh,
        splitFailures: s.splitFailures,
        cycles: s.cycles,
      };
    }),
  };
}

/** Buckets grouped by start, then by approach. */
function groupRows(rows: readonly MovementBucket[]): Map<number, Map<string, MovementBucket[]>> {
  const grouped = new Map<number, Map<string, MovementBucket[]>>();
  for (const row of rows) {
    let byApproach = grouped.get(row.bucket);
    if (!byApproach) grouped.set(row.bucket, (byApproach = new Map()));
    const list = byApproach.get(row.approachId) ?? [];
    list.push(row);
    byApproach.set(row.approachId, list);
  }
  return grouped;
}

/**
 * An approach's series: one point per bucket with data, oldest first.
 *
 * @example await approachSeries(store, network, 'TJ01-W', { from, to, stepS: 900 })
 */
export async function approachSeries(
  sql: SqlExecutor,
  network: NetworkIndex,
  approachId: string,
  range: { from: number; to: number; stepS: number },
  options: DerivationOptions = {},
): Promise<ApproachPoint[]> {
  const { from, to, stepS } = range;
  const ref = network.approaches.get(approachId);
  if (!ref) return [];
  const layout = layoutOf(ref.intersection);
  const index = layout.approaches.findIndex((a) => a.id === approachId);
  const grouped = groupRows(await movementSeries(sql, [approachId], from, to, stepS));
  return [...grouped.entries()].sort((a, b) => a[0] - b[0]).map(([bucket, byApproach]) => approachPoint(layout, index, bucket, byApproach.get(approachId) ?? [], options));
}

/**
 * An intersection's series: per bucket its approaches and the flow-weighted whole.
 *
 * @example await intersectionSeries(store, network, 'TJ01', { from, to, stepS: 900 })
 */
export async function intersectionSeries(
  sql: SqlExecutor,
  network: NetworkIndex,
  intersectionId: string,
  range: { from: number; to: number; stepS: number },
  options: DerivationOptions = {},
): Promise<IntersectionPoint[]> {
  const { from, to, stepS } = range;
  const intersection = network.intersections.get(intersectionId);
  if (!intersection) return [];
  const layout = layoutOf(intersection);
  const grouped = groupRows(await movementSeries(sql, layout.approaches.map((a) => a.id), from, to, stepS));
  return [...grouped.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([bucket, byApproach]) => {
      const points = layout.approaches.map((approach, index) => ({ approach, point: approachPoint(layout, index, bucket, byApproach.get(approach.id) ?? [], options) }));
      let flow = 0;
      let weighted = 0;
      let delayFlow = 0;
      for (const { point } of points) {
        flow += point.flowVph;
        if (point.controlDelayS !== null && point.flowVph > 0) {
          weighted += point.controlDelayS * point.flowVph;
          delayFlow += point.flowVph;
        }
      }
      const index = intersectionCongestionIndex(points.map(({ point }) => ({ index: point.congestionIndex, flowVph: point.flowVph })));
      return {
        ts: bucket,
        volumeVeh: points.reduce((total, { point }) => total + point.volumeVeh, 0),
        flowVph: flow,
        controlDelayS: delayFlow > 0 ? weighted / delayFlow : null,
        congestionIndex: index,
        level: congestionLevel(index),
        splitFailures: points.reduce((total, { point }) => total + point.splitFailures, 0),
        degraded: points.some(({ point }) => point.degraded),
        approaches: points.map(({ approach, point }) => ({
          approachId: approach.id,
          flowVph: point.flowVph,
          controlDelayS: point.controlDelayS,
          congestionIndex: point.congestionIndex,
          los: point.los,
        })),
      };
    });
}
