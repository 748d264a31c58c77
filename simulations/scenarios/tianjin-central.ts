/**
 * Demand hotspots of the showcase network (geo/network/showcase/tianjin-central.json): the
 * movements whose legacy plans the network's controller notes call mistuned, the known
 * recurrent queues, and quiet legs. Each sets the movement's AM-peak degree of saturation
 * under the shipped plan (see `demand.ts`), so that under the shipped plans these places are
 * clearly congested (LOS E/F, queues that grow through the peak and spill back), while a
 * retimed plan can serve the same demand.
 */
import type { DemandOverrides } from './demand.js';

/** The showcase network's id. */
export const TIANJIN_CENTRAL_ID = 'tianjin-central';

const all = (x: number) => ({ L: x, T: x, R: x, U: x });

export const TIANJIN_CENTRAL_HOTSPOTS: DemandOverrides = {
  // TJ03: legacy 160 s cycle at a moderate-volume crossing (the notes give peak v/c ≈ 0.6).
  'TJ03-NW': all(0.6),
  'TJ03-SE': all(0.6),
  'TJ03-NE': all(0.6),
  'TJ03-SW': all(0.6),
  // TJ07 (legacy six-phase sequence, 150 s cycle, long minimum greens) needs no extra demand: its
  // Weijin Rd through already carries what TJ01 and TJ08 pass, and the long cycle costs delay.
  // TJ08: recurrent peak congestion, left-turn queues.
  'TJ08-N': { L: 1.02 },
  'TJ08-S': { L: 0.98 },
  // TJ11: splits favour Yingkou Rd although Xikang Rd carries ≈ 1.6 times its volume; the
  // southbound queue spills back towards TJ10 late in the peak.
  'TJ11-N': { T: 1.2 },
  'TJ11-S': { T: 1.1 },
  'TJ11-NE': { T: 0.42, L: 0.5 },
  'TJ11-SW': { T: 0.42, L: 0.5 },
  // TJ13: heavy eastbound left into Machang Rd towards Heping.
  'TJ13-W': { L: 1.08 },
  // TJ16: metro-works plan never reverted: northbound through (phase 6) starved, southbound left (phase 5) idle.
  'TJ16-S': { T: 1.15 },
  'TJ16-N': { L: 0.3 },
};
