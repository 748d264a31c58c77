import { describe, expect, it } from 'vitest';
import { networkToGeoJson } from '../../geo/network/network-geojson.js';
import { applyDelta, applySnapshot, emptyPicture } from '../../dashboard/src/live/live-picture.js';
import { desiredFeatureStates, diffFeatureStates } from '../../dashboard/src/map/feature-states.js';
import { intersectionBounds, mapLabels } from '../../dashboard/src/map/map-labels.js';
import { networkLayers, networkSources, schematicBaseStyle, splitByKind } from '../../dashboard/src/map/network-layers.js';
import { nameIn, networkNames } from '../../dashboard/src/map/network-names.js';
import { genericVectorLayers } from '../../dashboard/src/map/basemap.js';
import type { FeatureCollection } from 'geojson';
import type { IntersectionState } from '../../services/contracts/live.js';
import { twoIntersectionNetwork } from '../helpers/networks.js';

const network = twoIntersectionNetwork();
const geojson = networkToGeoJson(network) as FeatureCollection;
const [first, second] = network.intersections as [(typeof network.intersections)[number], (typeof network.intersections)[number]];

const state = (id: string, level: IntersectionState['level'], patch: Partial<IntersectionState> = {}): IntersectionState => ({
  intersectionId: id,
  sourceTs: 1,
  congestionIndex: 5,
  level,
  flowVph: 100,
  greenPhases: [],
  planId: 'p',
  cycleS: 100,
  silent: false,
  controllerFault: null,
  approaches: [],
  ...patch,
});

describe('schematic map of the network', () => {
  it('splits the network into one source per kind, ids promoted for feature state', () => {
    const byKind = splitByKind(geojson);
    expect(byKind.intersection.features).toHaveLength(network.intersections.length);
    expect(byKind.corridor.features).toHaveLength(network.corridors.length);
    expect(byKind.approach.features).toHaveLength(network.intersections.reduce((n, i) => n + i.approaches.length, 0));
    const sources = networkSources(geojson);
    expect(Object.keys(sources).sort()).toEqual(['zhidu-approach', 'zhidu-corridor', 'zhidu-district', 'zhidu-intersection', 'zhidu-zone']);
    expect(Object.values(sources).every((s) => s.promoteId === 'id')).toBe(true);
  });

  it('draws without glyphs or sprites (nothing fetched for the style)', () => {
    const style = schematicBaseStyle('dark');
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    const layers = networkLayers('dark', 2);
    expect(layers.some((l) => l.type === 'symbol')).toBe(false);
    expect(layers.map((l) => l.id)).toContain('zhidu-intersection-dot');
    expect(genericVectorLayers(['water', 'roads'], 'light').every((l) => l.type !== 'symbol')).toBe(true);
  });

  it('derives feature states from the picture and applies only the changes', () => {
    const picture = applySnapshot(
      emptyPicture(),
      {
        scope: 'city',
        sourceTs: 1,
        intersections: [state(first.id, 'light'), state(second.id, 'severe', { silent: true })],
        areas: [{ scope: 'corridor:c1', sourceTs: 1, congestionIndex: 5, level: 'light', severeSharePct: 0 }],
        alerts: [],
      },
      { fresh: true },
    );
    const before = desiredFeatureStates(picture, first.id);
    const values = [...before.values()];
    expect(values.find((e) => e.source === 'zhidu-intersection' && e.id === first.id)?.state).toEqual({ level: 'light', fault: false, selected: true });
    expect(values.find((e) => e.id === second.id)?.state).toEqual({ level: 'severe', fault: true, selected: false });
    expect(values.find((e) => e.source === 'zhidu-corridor')?.id).toBe('c1');

    const after = desiredFeatureStates(applyDelta(picture, { sourceTs: 2, areas: [], intersections: [state(second.id, 'moderate', { sourceTs: 2 })] }), first.id);
    const { set, remove } = diffFeatureStates(before, after);
    expect(set.map((e) => e.id)).toEqual([second.id]);
    expect(remove).toEqual([]);
    expect(diffFeatureStates(after, new Map()).remove).toHaveLength(after.size);
  });

  it('labels intersections and districts in the chosen language, and fits the intersections', () => {
    const zh = mapLabels(geojson, 'zh-CN');
    const en = mapLabels(geojson, 'en');
    expect(zh.filter((l) => l.kind === 'intersection').map((l) => l.text)).toEqual(network.intersections.map((i) => i.name.zh));
    expect(en.filter((l) => l.kind === 'district').map((l) => l.text)).toEqual(network.districts.map((d) => d.name.en));
    const bounds = intersectionBounds(geojson);
    expect(bounds?.[0][0]).toBe(Math.min(first.lon, second.lon));
    expect(bounds?.[1][1]).toBe(Math.max(first.lat, second.lat));
    const names = networkNames(geojson);
    expect(nameIn(names.intersections, first.id, 'en')).toBe(first.name.en);
    expect(nameIn(names.intersections, 'nowhere', 'en')).toBe('nowhere');
  });
});
