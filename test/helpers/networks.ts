/** Test networks: the small fixture and mutated copies of it for fault cases. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NetworkFile } from '../../geo/network/network.schema.js';
import { loadNetwork, type Network } from '../../geo/network/load-network.js';
import { indexNetwork, type NetworkIndex } from '../../geo/network/network-index.js';

export const TWO_INTERSECTIONS_PATH = fileURLToPath(new URL('../fixtures/network/two-intersections.json', import.meta.url));

/** A fresh, mutable copy of the two-intersection fixture (A and B on corridor c1, eastbound). */
export function twoIntersectionFile(): NetworkFile {
  return JSON.parse(readFileSync(TWO_INTERSECTIONS_PATH, 'utf8')) as NetworkFile;
}

/** The fixture loaded; throws if it is invalid. */
export function twoIntersectionNetwork(): Network {
  const result = loadNetwork(twoIntersectionFile());
  if (!result.ok) throw new Error(`fixture invalid: ${JSON.stringify(result.faults)}`);
  return result.network;
}

export function twoIntersectionIndex(): NetworkIndex {
  return indexNetwork(twoIntersectionNetwork());
}
