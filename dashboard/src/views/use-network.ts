/**
 * Loads what every map view needs — the network GeoJSON and the dashboard
 * configuration — and keeps the failure (translated by code) if loading fails.
 */
import type { FeatureCollection } from 'geojson';
import { computed, onMounted, shallowRef } from 'vue';
import type { DashboardConfig } from '../../../services/contracts/dashboard.js';
import { loadDashboardConfig, loadNetworkGeoJson } from '../api/network-api.js';
import { asProblem, type ApiProblem } from '../api/problem.js';
import { networkNames } from '../map/network-names.js';

/** @example const { geojson, config, names, problem, reload } = useNetworkMap(); */
export function useNetworkMap() {
  const geojson = shallowRef<FeatureCollection | null>(null);
  const config = shallowRef<DashboardConfig | null>(null);
  const problem = shallowRef<ApiProblem | null>(null);
  const names = computed(() => networkNames(geojson.value));

  async function reload() {
    problem.value = null;
    try {
      const [collection, dashboard] = await Promise.all([loadNetworkGeoJson(), loadDashboardConfig()]);
      geojson.value = collection;
      config.value = dashboard;
    } catch (error) {
      problem.value = asProblem(error);
      // A wall screen must come back on its own: try again after a pause.
      setTimeout(() => void (geojson.value ? undefined : reload()), 10_000);
    }
  }
  onMounted(reload);
  return { geojson, config, names, problem, reload };
}
