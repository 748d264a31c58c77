/**
 * Names of intersections, districts and corridors in both languages, read from the
 * network GeoJSON (`nameZh`, `nameEn`), with the id as the last resort.
 */
import type { FeatureCollection } from 'geojson';

export interface BilingualName {
  zh: string;
  en: string;
}

export interface NetworkNames {
  intersections: ReadonlyMap<string, BilingualName>;
  districts: ReadonlyMap<string, BilingualName>;
  corridors: ReadonlyMap<string, BilingualName>;
}

/**
 * @example networkNames(geojson).intersections.get('TJ-HP-01')?.zh
 */
export function networkNames(collection: FeatureCollection | null): NetworkNames {
  const intersections = new Map<string, BilingualName>();
  const districts = new Map<string, BilingualName>();
  const corridors = new Map<string, BilingualName>();
  for (const feature of collection?.features ?? []) {
    const p = feature.properties ?? {};
    const name = { zh: String(p.nameZh ?? p.id), en: String(p.nameEn ?? p.id) };
    if (p.kind === 'intersection') intersections.set(String(p.id), name);
    else if (p.kind === 'district') districts.set(String(p.id), name);
    else if (p.kind === 'corridor') corridors.set(String(p.id), name);
  }
  return { intersections, districts, corridors };
}

/**
 * A name in the locale's language; the id when unknown.
 *
 * @example nameIn(names.intersections, 'TJ-HP-01', 'en')
 */
export function nameIn(names: ReadonlyMap<string, BilingualName>, id: string, locale: string): string {
  const name = names.get(id);
  if (!name) return id;
  return locale.startsWith('zh') ? name.zh : name.en;
}
