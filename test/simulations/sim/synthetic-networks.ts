/**
 * Small networks built in code for the simulator's model checks: one intersection, one
 * approach from the west, a through movement on phase 2 and an empty cross phase 4.
 */
import { loadNetwork, type Network } from '../../../geo/network/load-network.js';
import type { Detector, NetworkFile, TimingPlan } from '../../../geo/network/network.schema.js';
import { readNetworkFile, SHOWCASE_NETWORK_PATH } from '../../../geo/network/read-network-file.js';

export interface SingleApproachOptions {
  lanes?: number;
  cycleS?: number;
  /** Split of phase 2 (green + yellow + all-red); phase 4 gets the rest of the cycle. */
  splitS?: number;
  yellowS?: number;
  allRedS?: number;
  linkLengthM?: number;
  speedLimitKmh?: number;
  advanceDistanceM?: number;
  /** One phase holding the whole 300 s cycle: green all but the 2 s yellow ("permanent" green). */
  permanentGreen?: boolean;
}

/** Stop-bar detectors on channels 1..n and advance detectors on channels 11..10+n. */
function detectors(lanes: number, advanceDistanceM: number): Detector[] {
  const list: Detector[] = [];
  for (let lane = 1; lane <= lanes; lane++) {
    list.push({ channel: lane, id: `X-W-SB${lane}`, kind: 'stopbar', lane, distanceM: 0, lengthM: 8 });
    list.push({ channel: 10 + lane, id: `X-W-AD${lane}`, kind: 'advance', lane, distanceM: advanceDistanceM, lengthM: 2 });
  }
  list.push({ channel: 30, id: 'X-W-CNT1', kind: 'count', lane: 1, distanceM: 40, lengthM: 3 });
  return list;
}

function plan(options: SingleApproachOptions): TimingPlan {
  const { cycleS = 60, splitS = 30, yellowS = 3, allRedS = 2 } = options;
  if (options.permanentGreen) {
    return {
      id: 'X-P1',
      cycleS: 300,
      offsetS: 0,
      coordinatedPhases: [2],
      rings: [[2]],
      barriers: [[2]],
      phases: [{ phase: 2, splitS: 300, minGreenS: 10, yellowS: 2, allRedS: 0 }],
    };
  }
  return {
    id: 'X-P1',
    cycleS,
    offsetS: 0,
    coordinatedPhases: [2],
    rings: [[2, 4]],
    barriers: [[2], [4]],
    phases: [
      { phase: 2, splitS, minGreenS: 5, yellowS, allRedS },
      { phase: 4, splitS: cycleS - splitS, minGreenS: 5, yellowS, allRedS },
    ],
  };
}

/**
 * One intersection "X" with a single west approach "X-W" (arterial): a through movement on
 * phase 2 over `lanes` lanes, stop-bar and advance detectors on every lane, a count detector on lane 1.
 *
 * @example singleApproachNetwork({ lanes: 2, cycleS: 60, splitS: 30 })
 */
export function singleApproachNetwork(options: SingleApproachOptions = {}): Network {
  const { lanes = 1, linkLengthM = 400, speedLimitKmh = 50, advanceDistanceM = 150 } = options;
  const file: NetworkFile = {
    schemaVersion: 1,
    id: 'synthetic-single-approach',
    name: { zh: '单进口测试', en: 'Single approach' },
    timezone: 'Asia/Shanghai',
    districts: [
      {
        id: 'd1',
        name: { zh: '测试区', en: 'Test' },
        polygon: [
          [117.19, 39.11],
          [117.22, 39.11],
          [117.22, 39.13],
          [117.19, 39.13],
          [117.19, 39.11],
        ],
      },
    ],
    intersections: [
      {
        id: 'X',
        name: { zh: '测试路口', en: 'Test junction' },
        lon: 117.2,
        lat: 39.12,
        district: 'd1',
        corridors: [],
        approaches: [
          {
            id: 'X-W',
            direction: 'W',
            road: { zh: '测试路', en: 'Test Rd' },
            roadClass: 'arterial',
            speedLimitKmh,
            movements: [{ type: 'T', phase: 2, lanes }],
            detectors: detectors(lanes, advanceDistanceM),
            linkLengthM,
          },
        ],
        plan: plan(options),
      },
    ],
    corridors: [],
  };
  const result = loadNetwork(file);
  if (!result.ok) throw new Error(`synthetic network invalid: ${JSON.stringify(result.faults)}`);
  return result.network;
}

/** The showcase network, loaded (throws if it has faults). */
export async function showcaseNetwork(): Promise<Network> {
  const result = await readNetworkFile(SHOWCASE_NETWORK_PATH);
  if (!result.ok) throw new Error(`showcase network invalid: ${JSON.stringify(result.faults)}`);
  return result.network;
}

/** 2026-11-27 07:30 in Tianjin (UTC+8), a Friday morning peak. */
export const AM_PEAK_START = Date.parse('2026-11-27T07:30:00+08:00');
