/**
 * Live picture → map feature states. Pure; the map applies only what changed
 * since the last picture (a state delta touches a handful of features, not all).
 */
import type { LivePicture } from '../live/live-picture.js';
import { sourceOf, type NetworkKind } from './network-layers.js';

export interface FeatureStateValue {
  level: string;
  fault: boolean;
  selected: boolean;
}

export interface FeatureStateEntry {
  source: string;
  id: string;
  state: FeatureStateValue;
}

export type FeatureStates = ReadonlyMap<string, FeatureStateEntry>;

const keyOf = (source: string, id: string) => `${source}\u0000${id}`;

/**
 * The state every network feature should have for a picture.
 *
 * @example desiredFeatureStates(picture, 'TJ-HP-01').get(...)
 */
export function desiredFeatureStates(picture: LivePicture, selectedId: string | null): FeatureStates {
  const out = new Map<string, FeatureStateEntry>();
  const put = (kind: NetworkKind, id: string, state: FeatureStateValue) => {
    const source = sourceOf(kind);
    out.set(keyOf(source, id), { source, id, state });
  };
  for (const intersection of picture.intersections.values()) {
    put('intersection', intersection.intersectionId, {
      level: intersection.level,
      fault: intersection.silent || intersection.controllerFault !== null,
      selected: intersection.intersectionId === selectedId,
    });
    for (const approach of intersection.approaches) put('approach', approach.approachId, { level: approach.level, fault: false, selected: false });
  }
  if (selectedId && !picture.intersections.has(selectedId)) put('intersection', selectedId, { level: 'unknown', fault: false, selected: true });
  for (const area of picture.areas.values()) {
    const [kind, id] = area.scope.split(':', 2) as [string, string | undefined];
    if (id && (kind === 'district' || kind === 'corridor')) put(kind, id, { level: area.level, fault: false, selected: false });
  }
  return out;
}

const same = (a: FeatureStateValue, b: FeatureStateValue) => a.level === b.level && a.fault === b.fault && a.selected === b.selected;

/**
 * What to set and what to remove to go from `previous` to `next`.
 *
 * @example const { set, remove } = diffFeatureStates(before, after);
 */
export function diffFeatureStates(previous: FeatureStates, next: FeatureStates): { set: FeatureStateEntry[]; remove: FeatureStateEntry[] } {
  const set: FeatureStateEntry[] = [];
  const remove: FeatureStateEntry[] = [];
  for (const [key, entry] of next) {
    const held = previous.get(key);
    if (!held || !same(held.state, entry.state)) set.push(entry);
  }
  for (const [key, entry] of previous) if (!next.has(key)) remove.push(entry);
  return { set, remove };
}
