/**
 * Validates a network document and resolves it into the form the product uses:
 * WGS-84 positions, a bearing on every approach, link lengths where an upstream
 * intersection is known. Pure: takes parsed JSON (or text), never reads files.
 */
import { Value } from '@sinclair/typebox/value';
import { toWgs84, type LonLat } from '../crs.js';
import { arrivalBearingFromSide, bearingDeg, distanceM } from '../geometry.js';
import { pointerToPath, type NetworkFault } from './fault.js';
import { checkNetworkRules } from './network-rules.js';
import { NetworkFileSchema, type Approach, type Intersection, type NetworkFile } from './network.schema.js';

/** An approach after loading: its arrival bearing is always known. */
export type ResolvedApproach = Approach & { bearingDeg: number };
/** An intersection after loading. */
export type ResolvedIntersection = Omit<Intersection, 'approaches'> & { approaches: ResolvedApproach[] };
/** A loaded network: WGS-84, every approach with a bearing. This is what `/api/v1/network` serves. */
export type Network = Omit<NetworkFile, 'intersections' | 'crs'> & { crs: 'WGS-84'; intersections: ResolvedIntersection[] };

export type LoadNetworkResult = { ok: true; network: Network } | { ok: false; faults: NetworkFault[] };

/** Faults beyond this many are summarised: the first ones are what an editor fixes first. */
const MAX_FAULTS = 100;

/**
 * Validates and resolves a network. `input` is parsed JSON or JSON text.
 *
 * @example
 * const result = loadNetwork(await readFile('net.json', 'utf8'));
 * if (!result.ok) console.error(result.faults[0]); // { path: 'intersections[4]...', reason: '...' }
 */
export function loadNetwork(input: unknown): LoadNetworkResult {
  let document = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input);
    } catch (error) {
      return { ok: false, faults: [{ path: '', reason: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const structural: NetworkFault[] = [];
  for (const error of Value.Errors(NetworkFileSchema, document)) {
    structural.push({ path: pointerToPath(error.path), reason: error.message });
    if (structural.length >= MAX_FAULTS) break;
  }
  if (structural.length > 0) return { ok: false, faults: structural };
  const file = document as NetworkFile;
  const faults = checkNetworkRules(file).slice(0, MAX_FAULTS);
  if (faults.length > 0) return { ok: false, faults };
  return { ok: true, network: resolveNetwork(file) };
}

/** Formats faults as one message, one fault per line. */
export function formatNetworkFaults(faults: readonly NetworkFault[]): string {
  return faults.map((f) => `${f.path || '(document)'}: ${f.reason}`).join('\n');
}

function resolveNetwork(file: NetworkFile): Network {
  const crs = file.crs ?? 'WGS-84';
  const convert = (p: LonLat): LonLat => toWgs84(p, crs);
  const ring = (polygon: [number, number][]) => polygon.map((p) => convert(p));
  const positions = new Map<string, LonLat>(file.intersections.map((i) => [i.id, convert([i.lon, i.lat])]));

  const intersections = file.intersections.map((intersection): ResolvedIntersection => {
    const here = positions.get(intersection.id) as LonLat;
    return {
      ...intersection,
      lon: here[0],
      lat: here[1],
      approaches: intersection.approaches.map((approach): ResolvedApproach => {
        const upstream = approach.upstreamIntersection ? positions.get(approach.upstreamIntersection) : undefined;
        const resolved: ResolvedApproach = {
          ...approach,
          bearingDeg: approach.bearingDeg ?? (upstream ? bearingDeg(upstream, here) : arrivalBearingFromSide(approach.direction)),
        };
        if (approach.linkLengthM === undefined && upstream) resolved.linkLengthM = Math.round(distanceM(upstream, here));
        return resolved;
      }),
    };
  });
  const { crs: _declared, ...rest } = file;
  return {
    ...rest,
    crs: 'WGS-84',
    districts: file.districts.map((d) => ({ ...d, polygon: ring(d.polygon) })),
    ...(file.zones ? { zones: file.zones.map((z) => ({ ...z, polygon: ring(z.polygon) })) } : {}),
    intersections,
  };
}
