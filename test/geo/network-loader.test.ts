import { describe, expect, it } from 'vitest';
import { distanceM } from '../../geo/geometry.js';
import { formatNetworkFaults, loadNetwork } from '../../geo/network/load-network.js';
import { indexNetwork } from '../../geo/network/network-index.js';
import { movementLanes } from '../../geo/network/lanes.js';
import { checkPlan } from '../../geo/network/plan-rules.js';
import { twoIntersectionFile } from '../helpers/networks.js';

function faultsOf(input: unknown) {
  const result = loadNetwork(input);
  if (result.ok) throw new Error('expected faults');
  return result.faults;
}

describe('network loader', () => {
  it('loads the fixture and resolves bearings and link lengths', () => {
    const result = loadNetwork(JSON.stringify(twoIntersectionFile()));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const a = result.network.intersections[0];
    const fromB = a?.approaches.find((x) => x.id === 'A-E');
    // B lies due east of A, so traffic from B heads west (270°); the link is their distance.
    expect(fromB?.bearingDeg).toBeCloseTo(270, 0);
    expect(fromB?.linkLengthM).toBe(Math.round(distanceM([117.2, 39.12], [117.206, 39.12])));
    // A side without geometry takes the nominal bearing of its entry side.
    expect(a?.approaches.find((x) => x.id === 'A-N')?.bearingDeg).toBe(180);
  });

  it('reports a structural fault with its JSON path', () => {
    const file = twoIntersectionFile() as unknown as { intersections: { approaches: { detectors: { channel: unknown }[] }[] }[] };
    (file.intersections[1]!.approaches[2]!.detectors[0] as { channel: unknown }).channel = 'five';
    const faults = faultsOf(file);
    expect(faults.map((f) => f.path)).toContain('intersections[1].approaches[2].detectors[0].channel');
  });

  it('reports a channel used twice, naming the channel', () => {
    const file = twoIntersectionFile();
    file.intersections[1]!.approaches[1]!.detectors[0]!.channel = 5;
    expect(faultsOf(file)).toContainEqual({ path: 'intersections[1].approaches[1].detectors[0].channel', reason: 'channel 5 used twice' });
  });

  it('reports unknown references and inconsistent plans', () => {
    const file = twoIntersectionFile();
    file.intersections[0]!.approaches[0]!.upstreamIntersection = 'ZZ';
    file.intersections[0]!.district = 'nowhere';
    file.intersections[1]!.plan.phases[1]!.splitS = 50; // ring 1 now sums to 105 s in a 100 s cycle
    const paths = faultsOf(file).map((f) => f.path);
    expect(paths).toContain('intersections[0].approaches[0].upstreamIntersection');
    expect(paths).toContain('intersections[0].district');
    expect(paths).toContain('intersections[1].plan.rings[0]');
    expect(paths).toContain('intersections[1].plan.barriers[0]');
  });

  it('refuses a split shorter than min green + yellow + all-red', () => {
    const plan = structuredClone(twoIntersectionFile().intersections[0]!.plan);
    plan.phases[0]!.minGreenS = 20; // split 15 < 20 + 3 + 2
    expect(checkPlan(plan)).toContainEqual({ path: 'phases[0].splitS', reason: 'split 15 s is shorter than min green + yellow + all-red = 25 s' });
  });

  it('says what is wrong with text that is not JSON', () => {
    const faults = faultsOf('{"schemaVersion": 1,');
    expect(faults[0]?.reason).toMatch(/not valid JSON/);
    expect(formatNetworkFaults(faults)).toMatch(/^\(document\): not valid JSON/);
  });

  it('converts a GCJ-02 file to WGS-84 on load', () => {
    const file = twoIntersectionFile();
    file.crs = 'GCJ-02';
    const result = loadNetwork(file);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.network.crs).toBe('WGS-84');
    const moved = distanceM([117.2, 39.12], [result.network.intersections[0]!.lon, result.network.intersections[0]!.lat]);
    expect(moved).toBeGreaterThan(200);
  });

  it('indexes detectors by channel with their movement', () => {
    const result = loadNetwork(twoIntersectionFile());
    if (!result.ok) throw new Error('fixture invalid');
    const index = indexNetwork(result.network);
    const ref = index.detectorByChannel('A', 2); // A-W stop bar, lane 2: the first through lane
    expect(ref?.approach.id).toBe('A-W');
    expect(ref?.movement?.type).toBe('T');
    expect(index.detectors.get('B-E-AD1')?.movement?.type).toBe('L');
    expect(movementLanes(ref!.approach).map((m) => [m.movement.type, m.laneNumbers])).toEqual([
      ['L', [1]],
      ['T', [2, 3]],
      ['R', [4]],
    ]);
  });
});
