/**
 * The road network and the dashboard's own configuration, loaded once per page
 * (the server answers with an ETag; the network changes only with a restart).
 */
import type { FeatureCollection } from 'geojson';
import type { Network } from '../../../geo/network/load-network.js';
import type { DashboardConfig } from '../../../services/contracts/dashboard.js';
import { http } from './index.js';

let geojson: Promise<FeatureCollection> | null = null;
let network: Promise<Network> | null = null;
let config: Promise<DashboardConfig> | null = null;

/** Memoises a load, forgetting a failed one so the next call retries. */
function once<T>(load: () => Promise<T>, held: Promise<T> | null, keep: (p: Promise<T> | null) => void): Promise<T> {
  if (held) return held;
  const promise = load();
  keep(promise);
  promise.catch(() => keep(null));
  return promise;
}

/** `GET /api/v1/network.geojson`: intersections, approaches, corridors, districts, zones. */
export function loadNetworkGeoJson(): Promise<FeatureCollection> {
  return once(() => http.get<FeatureCollection>('/api/v1/network.geojson'), geojson, (p) => (geojson = p));
}

/** `GET /api/v1/network`: the network file resolved to WGS-84 (plans, approaches, detectors). */
export function loadNetwork(): Promise<Network> {
  return once(() => http.get<Network>('/api/v1/network'), network, (p) => (network = p));
}

/** `GET /api/v1/dashboard/config`: the optional basemap. */
export function loadDashboardConfig(): Promise<DashboardConfig> {
  return once(() => http.get<DashboardConfig>('/api/v1/dashboard/config'), config, (p) => (config = p));
}
