/**
 * Green-band width along a corridor for given offsets (the through band of a time–space
 * diagram; Morgan & Little 1964, the quantity MAXBAND maximises).
 *
 * Outbound vehicles pass the first intersection at τ and intersection i at τ + x_i / v.
 * They pass on green when τ falls in intersection i's green shifted back by its travel time,
 * so the band is the longest arc of departure times τ (mod the common cycle C) that lies in
 * every such shifted green. Inbound is the same from the last intersection backwards.
 * A double-cycled intersection (cycle C/2) contributes two greens per common cycle.
 */
import { intersectArcs, longestArc, repeatedArc, type Interval } from './circular-arcs.js';
import type { GreenWindow } from './phase-timeline.js';

/** One intersection as the band sees it. */
export interface BandNode {
  intersectionId: string;
  /** Distance from the first intersection along the main direction, m. */
  distanceM: number;
  /** The node's own cycle: the common cycle, or half of it when double-cycled, s. */
  cycleS: number;
  offsetS: number;
  /** Green of the main-direction through phase, relative to the offset reference. */
  outbound: GreenWindow;
  /** Green of the opposite-direction through phase (absent: no inbound band through it). */
  inbound?: GreenWindow;
}

export interface Band {
  /** Band width, s (0 when no band passes every intersection). */
  widthS: number;
  /**
   * Leading edge of the band where it starts (the first intersection outbound, the last
   * inbound), s after the cycle reference, in [0, C).
   */
  startS: number;
  /** width ÷ common cycle. */
  efficiency: number;
}

/**
 * Travel time from the first intersection at the progression speed, s.
 *
 * @example travelTimeS(500, 40) // 45 (500 m at 11.11 m/s)
 */
export function travelTimeS(distanceM: number, speedKmh: number): number {
  return distanceM / (speedKmh / 3.6);
}

/**
 * Outbound (main-direction) band.
 *
 * @example outboundBand(nodes, 140, 40) // { widthS: 38, startS: 12, efficiency: 0.271 }
 */
export function outboundBand(nodes: readonly BandNode[], cycleS: number, speedKmh: number): Band {
  return bandFor(bandDirections(nodes, speedKmh).outbound, nodes.map((n) => n.offsetS), cycleS);
}

/**
 * Inbound band (opposite direction, from the last intersection back); null when some
 * intersection has no inbound phase.
 *
 * @example inboundBand(nodes, 140, 40)?.widthS // 22
 */
export function inboundBand(nodes: readonly BandNode[], cycleS: number, speedKmh: number): Band | null {
  const { inbound } = bandDirections(nodes, speedKmh);
  return inbound ? bandFor(inbound, nodes.map((n) => n.offsetS), cycleS) : null;
}

/** A direction's greens and travel shifts, prepared once so that an offset search only supplies offsets. */
export interface BandDirection {
  nodes: readonly { cycleS: number; startS: number; greenS: number; shiftS: number }[];
}

/**
 * Both directions of a corridor prepared for `bandFor` (inbound null when a node has no inbound phase).
 *
 * @example bandFor(bandDirections(nodes, 40).outbound, [10, 26, 91], 100).widthS // 40
 */
export function bandDirections(nodes: readonly BandNode[], speedKmh: number): { outbound: BandDirection; inbound: BandDirection | null } {
  const lastM = Math.max(...nodes.map((n) => n.distanceM));
  const outbound = { nodes: nodes.map((n) => ({ cycleS: n.cycleS, startS: n.outbound.startS, greenS: n.outbound.greenS, shiftS: travelTimeS(n.distanceM, speedKmh) })) };
  const inbound: BandDirection['nodes'][number][] = [];
  for (const n of nodes) {
    if (!n.inbound) return { outbound, inbound: null };
    inbound.push({ cycleS: n.cycleS, startS: n.inbound.startS, greenS: n.inbound.greenS, shiftS: travelTimeS(lastM - n.distanceM, speedKmh) });
  }
  return { outbound, inbound: { nodes: inbound } };
}

/**
 * The band of a prepared direction for one offset per node.
 *
 * @example bandFor(bandDirections(nodes, 40).outbound, [10, 26, 91], 100) // { widthS: 40, startS: 10, efficiency: 0.4 }
 */
export function bandFor(direction: BandDirection, offsetsS: readonly number[], cycleS: number): Band {
  let arcs: Interval[] = [[0, cycleS]];
  for (let i = 0; i < direction.nodes.length; i++) {
    const n = direction.nodes[i] as BandDirection['nodes'][number];
    arcs = intersectArcs(arcs, repeatedArc((offsetsS[i] as number) + n.startS - n.shiftS, n.greenS, n.cycleS, cycleS));
    if (arcs.length === 0) return { widthS: 0, startS: 0, efficiency: 0 };
  }
  const longest = longestArc(arcs, cycleS);
  if (!longest) return { widthS: 0, startS: 0, efficiency: 0 };
  return { widthS: longest.lengthS, startS: longest.startS, efficiency: longest.lengthS / cycleS };
}
