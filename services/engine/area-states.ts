/**
 * City, district and corridor indices from the intersections' live states (DESIGN §6):
 * every approach with a known link length is a link; its travel speed follows from its
 * control delay and its state from its road class (GB/T 33171); a district's or the city's
 * index is the network index of its links (VKT-weighted severe share); a corridor's is the
 * network index of the links along its direction, with the travel-time index beside it.
 */
import type { ResolvedApproach, ResolvedIntersection } from '../../geo/network/load-network.js';
import type { NetworkIndex } from '../../geo/network/network-index.js';
import type { ApproachState, AreaState, IntersectionState } from '../contracts/live.js';
import { linkState, linkTravelSpeedKmh } from './measures/link-state.js';
import { networkIndex, type NetworkIndexOptions, type NetworkLink } from './measures/network-index.js';
import { travelTimeIndex } from './measures/travel-time-index.js';

interface LinkRef {
  intersection: ResolvedIntersection;
  approach: ResolvedApproach & { linkLengthM: number };
}

function link(ref: LinkRef, state: ApproachState | undefined): NetworkLink & { freeFlowKmh: number; controlDelayS: number } {
  const delay = state?.controlDelayS ?? 0;
  const speed = linkTravelSpeedKmh(ref.approach.linkLengthM, ref.approach.speedLimitKmh, delay);
  return { lengthM: ref.approach.linkLengthM, flowVph: state?.flowVph ?? 0, state: linkState(speed, ref.approach.roadClass), freeFlowKmh: ref.approach.speedLimitKmh, controlDelayS: delay };
}

/**
 * The links along a corridor's direction: at each intersection after the first, the
 * approach fed by the previous one.
 *
 * @example corridorLinks(network, network.corridors.get('nanjing-rd')!)
 */
export function corridorLinks(network: NetworkIndex, corridorId: string): LinkRef[] {
  const corridor = network.corridors.get(corridorId);
  if (!corridor) return [];
  const refs: LinkRef[] = [];
  for (let i = 1; i < corridor.intersections.length; i++) {
    const intersection = network.intersections.get(corridor.intersections[i] as string);
    const approach = intersection?.approaches.find((a) => a.upstreamIntersection === corridor.intersections[i - 1]);
    if (intersection && approach?.linkLengthM !== undefined) refs.push({ intersection, approach: approach as LinkRef['approach'] });
  }
  return refs;
}

/**
 * @param states the latest state of each intersection, by id
 * @example areaStates(network, states) // [{ scope: 'city', ... }, { scope: 'district:heping', ... }, { scope: 'corridor:nanjing-rd', travelTimeIndex: 1.4, ... }]
 */
export function areaStates(network: NetworkIndex, states: ReadonlyMap<string, IntersectionState>, options: NetworkIndexOptions = {}): AreaState[] {
  const approachState = (ref: LinkRef) => states.get(ref.intersection.id)?.approaches.find((a) => a.approachId === ref.approach.id);
  const sourceOf = (ids: Iterable<string>) => {
    let newest = 0;
    for (const id of ids) newest = Math.max(newest, states.get(id)?.sourceTs ?? 0);
    return newest;
  };
  const all: LinkRef[] = [];
  for (const intersection of network.intersections.values()) {
    for (const approach of intersection.approaches) {
      if (approach.linkLengthM !== undefined) all.push({ intersection, approach: approach as LinkRef['approach'] });
    }
  }
  const area = (scope: string, refs: readonly LinkRef[], intersectionIds: Iterable<string>): AreaState => {
    const result = networkIndex(
      refs.map((r) => link(r, approachState(r))),
      options,
    );
    return { scope, sourceTs: sourceOf(intersectionIds), congestionIndex: result.index, level: result.level, severeSharePct: result.severeSharePct };
  };
  const areas: AreaState[] = [area('city', all, network.intersections.keys())];
  for (const district of network.districts.values()) {
    const refs = all.filter((r) => r.intersection.district === district.id);
    areas.push(area(`district:${district.id}`, refs, new Set(refs.map((r) => r.intersection.id))));
  }
  for (const corridor of network.corridors.values()) {
    const refs = corridorLinks(network, corridor.id);
    const state = area(`corridor:${corridor.id}`, refs, corridor.intersections);
    areas.push({ ...state, travelTimeIndex: travelTimeIndex(refs.map((r) => link(r, approachState(r)))).index });
  }
  return areas;
}
