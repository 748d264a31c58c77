/**
 * Node-only: reads a network file from disk (the browser receives the network from the API).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadNetwork, type LoadNetworkResult } from './load-network.js';

/** The default network: the 18 showcase intersections of Tianjin's central district. */
export const SHOWCASE_NETWORK_PATH = fileURLToPath(new URL('./showcase/tianjin-central.json', import.meta.url));

/**
 * Reads and loads a network file; a missing or unreadable file is reported as a fault.
 *
 * @example const result = await readNetworkFile(SHOWCASE_NETWORK_PATH);
 */
export async function readNetworkFile(path: string): Promise<LoadNetworkResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, faults: [{ path: '', reason: `cannot read ${path}: ${(error as Error).message}` }] };
  }
  return loadNetwork(text);
}
