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
  return bandThrough(
    nodes.map((n) => ({ node: n, window: n.outbound, shiftS: travelTimeS(n.distanceM, speedKmh) })),
    cycleS,
  );
}

/**
 * Inbound band (opposite direction, from the last intersection back); null when some
 * intersection has no inbound phase.
 *
 * @example inboundBand(nodes, 140, 40)?.widthS // 22
 */
export function inboundBand(nodes: readonly BandNode[], cycleS: number, speedKmh: number): Band | null {
  const lastM = Math.max(...nodes.map((n) => n.distanceM));
  const through: { node: BandNode; window: GreenWindow; shiftS: number }[] = [];
  for (const node of nodes) {
    if (!node.inbound) return null;
    through.push({ node, window: node.inbound, shiftS: travelTimeS(lastM - node.distanceM, speedKmh) });
  }
  return bandThrough(through, cycleS);
}

function bandThrough(through: readonly { node: BandNode; window: GreenWindow; shiftS: number }[], cycleS: number): Band {
  let arcs: Interval[] = [[0, cycleS]];
  for (const { node, window, shiftS } of through) {
    arcs = intersectArcs(arcs, repeatedArc(node.offsetS + window.startS - shiftS, window.greenS, node.cycleS, cycleS));
    if (arcs.length === 0) break;
  }
  const longest = longestArc(arcs, cycleS);
  if (!longest) return { widthS: 0, startS: 0, efficiency: 0 };
  return { widthS: longest.lengthS, startS: longest.startS, efficiency: longest.lengthS / cycleS };
}
