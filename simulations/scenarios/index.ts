/**
 * Scenarios of the built-in simulator: time-of-day profiles, demand, and the showcase hotspots.
 */
import type { Network } from '../../geo/network/load-network.js';
import type { DemandOverrides } from './demand.js';
import { TIANJIN_CENTRAL_HOTSPOTS, TIANJIN_CENTRAL_ID } from './tianjin-central.js';

export * from './profiles.js';
export * from './demand.js';
export { TIANJIN_CENTRAL_HOTSPOTS, TIANJIN_CENTRAL_ID } from './tianjin-central.js';

/**
 * The demand hotspots known for a network (the showcase has some; other networks none).
 *
 * @example demandOverridesFor(showcase)['TJ11-N'] // { T: 1.3 }
 */
export function demandOverridesFor(network: Pick<Network, 'id'>): DemandOverrides {
  return network.id === TIANJIN_CENTRAL_ID ? TIANJIN_CENTRAL_HOTSPOTS : {};
}
