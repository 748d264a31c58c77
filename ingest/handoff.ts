/**
 * The hand-off to the engine (DESIGN §3): the newly stored records of one COMMIT,
 * split per intersection and ordered by (ts, code) as the engine consumes them.
 */
import type { CommittedBatch, ControllerEvent, DetectorSample } from '../services/contracts/records.js';
import type { CommittedRecords } from './batcher.js';

interface Group {
  events: ControllerEvent[];
  samples: DetectorSample[];
}

const byTsThenCode = (a: ControllerEvent, b: ControllerEvent) => a.ts - b.ts || a.code - b.code;
const byTsThenDetector = (a: DetectorSample, b: DetectorSample) => a.ts - b.ts || (a.detectorId < b.detectorId ? -1 : a.detectorId > b.detectorId ? 1 : 0);

/**
 * One `CommittedBatch` per intersection touched by a commit. The sort is stable, so
 * events at the same instant with the same code keep their arrival order. Records are
 * copied to plain contract objects (no feed or sequence fields travel to the engine).
 *
 * @example
 * toCommittedBatches({ committedAt: 5, events: [{ intersectionId: 'A', ts: 2, code: 1, param: 2 }, { intersectionId: 'A', ts: 1, code: 82, param: 3 }], samples: [] })
 * // [{ intersectionId: 'A', committedAt: 5, events: [{ ts: 1, ... }, { ts: 2, ... }], samples: [] }]
 */
export function toCommittedBatches(records: CommittedRecords): CommittedBatch[] {
  const groups = new Map<string, Group>();
  const groupOf = (id: string) => {
    let group = groups.get(id);
    if (!group) {
      group = { events: [], samples: [] };
      groups.set(id, group);
    }
    return group;
  };
  let lastId = '';
  let last: Group | undefined;
  for (const e of records.events) {
    if (e.intersectionId !== lastId || !last) {
      lastId = e.intersectionId;
      last = groupOf(lastId);
    }
    last.events.push({ intersectionId: e.intersectionId, ts: e.ts, code: e.code, param: e.param });
  }
  for (const s of records.samples) {
    groupOf(s.intersectionId).samples.push({
      detectorId: s.detectorId,
      intersectionId: s.intersectionId,
      ts: s.ts,
      intervalS: s.intervalS,
      volume: s.volume,
      occupancyPct: s.occupancyPct,
      speedKmh: s.speedKmh,
      queueM: s.queueM,
    });
  }
  const batches: CommittedBatch[] = [];
  for (const [intersectionId, group] of groups) {
    group.events.sort(byTsThenCode);
    group.samples.sort(byTsThenDetector);
    batches.push({ intersectionId, committedAt: records.committedAt, events: group.events, samples: group.samples });
  }
  return batches;
}
