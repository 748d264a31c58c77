/**
 * Splits a simulator chunk the way the shard transport delivers it: per intersection.
 */
import type { ControllerEvent, DetectorSample } from '../../services/contracts/records.js';

export interface IntersectionRecords {
  events: ControllerEvent[];
  samples: DetectorSample[];
}

/**
 * @example const parts = byIntersection(chunk.events, chunk.samples); shard.accept(parts.get('TJ01')?.events ?? [], ...)
 */
export function byIntersection(events: readonly ControllerEvent[], samples: readonly DetectorSample[]): Map<string, IntersectionRecords> {
  const parts = new Map<string, IntersectionRecords>();
  const partOf = (id: string) => parts.get(id) ?? parts.set(id, { events: [], samples: [] }).get(id)!;
  for (const e of events) partOf(e.intersectionId).events.push(e);
  for (const s of samples) partOf(s.intersectionId).samples.push(s);
  return parts;
}
