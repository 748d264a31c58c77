/**
 * Data for a time–space diagram (the corridor view of DESIGN §1): per intersection its
 * distance and the green windows of both through directions over a few cycles, and the band
 * edges at every intersection. Times are seconds after the cycle reference (local midnight
 * + k·C), distances metres from the first intersection; the dashboard draws it as is.
 */
import { travelTimeS, type Band, type BandNode } from './bandwidth.js';

/** [start, end) in seconds after the cycle reference. */
export type TimeWindow = [startS: number, endS: number];

export interface TimeSpaceIntersection {
  intersectionId: string;
  distanceM: number;
  cycleS: number;
  offsetS: number;
  outbound: { phase: number; greens: TimeWindow[] };
  inbound?: { phase: number; greens: TimeWindow[] };
}

/** Where the band is when it crosses an intersection. */
export interface BandCrossing {
  intersectionId: string;
  distanceM: number;
  startS: number;
  endS: number;
}

export interface TimeSpaceBand {
  direction: 'outbound' | 'inbound';
  widthS: number;
  /** One entry per cycle in the horizon; each lists the crossings in travel order. */
  cycles: BandCrossing[][];
}

export interface TimeSpaceDiagram {
  cycleS: number;
  speedKmh: number;
  horizonS: number;
  intersections: TimeSpaceIntersection[];
  bands: TimeSpaceBand[];
}

/**
 * @example timeSpaceDiagram(nodes, 100, 40, { outbound, inbound }, 3).intersections[1].outbound.greens // [[36, 76], [136, 176], [236, 276]]
 */
export function timeSpaceDiagram(
  nodes: readonly BandNode[],
  cycleS: number,
  speedKmh: number,
  bands: { outbound: Band; inbound: Band | null },
  cycles = 3,
): TimeSpaceDiagram {
  const horizonS = cycles * cycleS;
  const greensOf = (node: BandNode, startS: number, greenS: number): TimeWindow[] => {
    const windows: TimeWindow[] = [];
    const first = node.offsetS + startS - node.cycleS * Math.ceil((node.offsetS + startS) / node.cycleS);
    for (let t = first; t < horizonS; t += node.cycleS) {
      const window: TimeWindow = [Math.max(0, t), Math.min(horizonS, t + greenS)];
      if (window[1] > window[0]) windows.push(window);
    }
    return windows;
  };
  const intersections = nodes.map(
    (node): TimeSpaceIntersection => ({
      intersectionId: node.intersectionId,
      distanceM: node.distanceM,
      cycleS: node.cycleS,
      offsetS: node.offsetS,
      outbound: { phase: node.outbound.phase, greens: greensOf(node, node.outbound.startS, node.outbound.greenS) },
      ...(node.inbound ? { inbound: { phase: node.inbound.phase, greens: greensOf(node, node.inbound.startS, node.inbound.greenS) } } : {}),
    }),
  );
  const lastM = Math.max(...nodes.map((n) => n.distanceM));
  const crossings = (band: Band, direction: TimeSpaceBand['direction']): TimeSpaceBand => {
    const ordered = direction === 'outbound' ? [...nodes] : [...nodes].reverse();
    const perCycle: BandCrossing[][] = [];
    for (let k = 0; k < cycles; k++) {
      perCycle.push(
        ordered.map((node) => {
          const travel = travelTimeS(direction === 'outbound' ? node.distanceM : lastM - node.distanceM, speedKmh);
          const startS = band.startS + k * cycleS + travel;
          return { intersectionId: node.intersectionId, distanceM: node.distanceM, startS, endS: startS + band.widthS };
        }),
      );
    }
    return { direction, widthS: band.widthS, cycles: perCycle };
  };
  const drawn: TimeSpaceBand[] = [];
  if (bands.outbound.widthS > 0) drawn.push(crossings(bands.outbound, 'outbound'));
  if (bands.inbound && bands.inbound.widthS > 0) drawn.push(crossings(bands.inbound, 'inbound'));
  return { cycleS, speedKmh, horizonS, intersections, bands: drawn };
}
