/**
 * Cross-reference and engineering rules of a network file, beyond its structure.
 * Each rule reports faults with the JSON path of the offending value.
 */
import { joinPath, type NetworkFault } from './fault.js';
import { laneCount } from './lanes.js';
import type { NetworkFile } from './network.schema.js';
import { checkPlan } from './plan-rules.js';

function duplicates<T>(items: readonly T[], key: (item: T) => string, report: (index: number, value: string) => void): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const value = key(item);
    if (seen.has(value)) report(i, value);
    seen.add(value);
  });
}

/**
 * Every rule violation of a structurally valid network file.
 *
 * @example checkNetworkRules(file) // [{ path: 'intersections[4].approaches[1].detectors[0].channel', reason: 'channel 5 used twice' }]
 */
export function checkNetworkRules(file: NetworkFile): NetworkFault[] {
  const faults: NetworkFault[] = [];
  const intersectionIds = new Set(file.intersections.map((i) => i.id));
  const districtIds = new Set(file.districts.map((d) => d.id));
  const corridorById = new Map(file.corridors.map((c) => [c.id, c]));

  duplicates(file.districts, (d) => d.id, (i, v) => faults.push({ path: joinPath('districts', i, 'id'), reason: `district id ${v} used twice` }));
  duplicates(file.corridors, (c) => c.id, (i, v) => faults.push({ path: joinPath('corridors', i, 'id'), reason: `corridor id ${v} used twice` }));
  duplicates(file.intersections, (x) => x.id, (i, v) => faults.push({ path: joinPath('intersections', i, 'id'), reason: `intersection id ${v} used twice` }));

  const approachIds = new Set<string>();
  const detectorIds = new Set<string>();
  file.intersections.forEach((intersection, i) => {
    const at = (...s: (string | number)[]) => joinPath('intersections', i, ...s);
    if (!districtIds.has(intersection.district)) faults.push({ path: at('district'), reason: `unknown district ${intersection.district}` });
    intersection.corridors.forEach((corridorId, k) => {
      const corridor = corridorById.get(corridorId);
      if (!corridor) faults.push({ path: at('corridors', k), reason: `unknown corridor ${corridorId}` });
      else if (!corridor.intersections.includes(intersection.id)) {
        faults.push({ path: at('corridors', k), reason: `corridor ${corridorId} does not list intersection ${intersection.id}` });
      }
    });
    faults.push(...checkPlan(intersection.plan, at('plan')));
    const planPhases = new Set(intersection.plan.rings.flat());
    const channels = new Set<number>();
    intersection.approaches.forEach((approach, a) => {
      const atA = (...s: (string | number)[]) => at('approaches', a, ...s);
      if (approachIds.has(approach.id)) faults.push({ path: atA('id'), reason: `approach id ${approach.id} used twice` });
      approachIds.add(approach.id);
      if (approach.upstreamIntersection !== undefined) {
        if (!intersectionIds.has(approach.upstreamIntersection)) {
          faults.push({ path: atA('upstreamIntersection'), reason: `unknown intersection ${approach.upstreamIntersection}` });
        } else if (approach.upstreamIntersection === intersection.id) {
          faults.push({ path: atA('upstreamIntersection'), reason: 'an approach cannot be its own upstream' });
        }
      }
      duplicates(approach.movements, (m) => m.type, (m, v) => faults.push({ path: atA('movements', m, 'type'), reason: `movement ${v} listed twice` }));
      approach.movements.forEach((movement, m) => {
        if (!planPhases.has(movement.phase)) {
          faults.push({ path: atA('movements', m, 'phase'), reason: `phase ${movement.phase} is not in the plan's rings` });
        }
      });
      const lanes = laneCount(approach);
      approach.detectors.forEach((detector, d) => {
        const atD = (field: string) => atA('detectors', d, field);
        if (channels.has(detector.channel)) faults.push({ path: atD('channel'), reason: `channel ${detector.channel} used twice` });
        channels.add(detector.channel);
        if (detectorIds.has(detector.id)) faults.push({ path: atD('id'), reason: `detector id ${detector.id} used twice` });
        detectorIds.add(detector.id);
        if (detector.lane > lanes) faults.push({ path: atD('lane'), reason: `lane ${detector.lane} does not exist (approach has ${lanes} lanes)` });
        if (detector.kind === 'advance' && detector.distanceM <= 0) {
          faults.push({ path: atD('distanceM'), reason: 'an advance detector must lie upstream of the stop line' });
        }
      });
    });
  });

  file.corridors.forEach((corridor, c) => {
    duplicates(corridor.intersections, (id) => id, (k, v) => faults.push({ path: joinPath('corridors', c, 'intersections', k), reason: `intersection ${v} listed twice` }));
    corridor.intersections.forEach((id, k) => {
      if (!intersectionIds.has(id)) faults.push({ path: joinPath('corridors', c, 'intersections', k), reason: `unknown intersection ${id}` });
    });
  });
  return faults;
}
