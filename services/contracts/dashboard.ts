/**
 * What the dashboard asks the server about itself: `GET /api/v1/dashboard/config`
 * (any signed-in user) — the optional intranet basemap. Without one, the map is a
 * schematic of the network on a plain background; nothing is loaded from the internet.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Where the PMTiles basemap is served (with HTTP Range) when `ZHIDU_BASEMAP_PMTILES` is set. */
export const BASEMAP_PMTILES_PATH = '/api/v1/dashboard/basemap.pmtiles';

export const BasemapSchema = Type.Union([
  Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('style'), styleUrl: Type.String({ description: 'MapLibre style URL on the intranet (ZHIDU_BASEMAP_STYLE_URL)' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('pmtiles'), url: Type.String({ description: 'Same-origin URL of the PMTiles archive (ZHIDU_BASEMAP_PMTILES)' }) },
    { additionalProperties: false },
  ),
]);
export type Basemap = Static<typeof BasemapSchema>;

export const DashboardConfigSchema = Type.Object(
  {
    basemap: BasemapSchema,
    /** IANA zone every time is shown in. */
    timeZone: Type.Literal('Asia/Shanghai'),
  },
  { additionalProperties: false },
);
export type DashboardConfig = Static<typeof DashboardConfigSchema>;
