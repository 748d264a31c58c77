/**
 * Serves the dashboard (DESIGN §1, §13): the built app at `/` (hashed assets cached for a
 * year, `index.html` revalidated), `GET /api/v1/dashboard/config` (the optional basemap, any
 * signed-in user), and the PMTiles basemap with HTTP Range when `ZHIDU_BASEMAP_PMTILES` is
 * set. Nothing here reaches outside the server: the intranet may have no internet at all.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config/index.js';
import { BASEMAP_PMTILES_PATH, DashboardConfigSchema, type DashboardConfig } from '../../contracts/dashboard.js';
import { Errors, problem } from '../../contracts/errors.js';
import { ANY_USER } from '../../contracts/identity.js';

export interface DashboardPluginOptions {
  /** The built dashboard (`dashboard/dist`, or a prebuilt copy in tests). */
  distDir: string;
  dashboard: Config['dashboard'];
  /** Whether `npm start` is building the dashboard right now (the API is served meanwhile). */
  building?: () => boolean;
}

/**
 * What a browser gets while the first build runs: a bilingual page that reloads itself.
 * Inline and self-contained (no script, font or style from anywhere).
 */
const BUILDING_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>知堵 · 看板构建中</title>
<style>body{margin:0;height:100vh;display:grid;place-items:center;background:#0b1220;color:#cbd5e1;font:20px/1.6 sans-serif;text-align:center}</style>
</head><body><div><p>看板正在构建，几秒后自动刷新……</p><p lang="en">The dashboard is being built; this page reloads by itself.</p></div></body></html>
`;

const YEAR_S = 365 * 24 * 3600;

/**
 * The configuration the dashboard reads at start.
 *
 * @example dashboardConfig({ basemapStyleUrl: undefined, basemapPmtilesPath: '/srv/tianjin.pmtiles' }).basemap.kind // 'pmtiles'
 */
export function dashboardConfig(dashboard: Config['dashboard']): DashboardConfig {
  const basemap: DashboardConfig['basemap'] = dashboard.basemapStyleUrl
    ? { kind: 'style', styleUrl: dashboard.basemapStyleUrl }
    : dashboard.basemapPmtilesPath
      ? { kind: 'pmtiles', url: BASEMAP_PMTILES_PATH }
      : { kind: 'none' };
  return { basemap, timeZone: 'Asia/Shanghai' };
}

export default async function dashboardPlugin(app: FastifyInstance, options: DashboardPluginOptions) {
  const { distDir } = options;
  const indexFile = join(distDir, 'index.html');
  // serve: false — the routes below declare their access like every other route (default deny).
  // Brotli/gzip siblings written by the build are sent to browsers that accept them.
  await app.register(fastifyStatic, { root: distDir, serve: false, preCompressed: true, suppressWarning: true });

  const notBuilt = () =>
    problem(Errors.UNAVAILABLE, 'the dashboard is not built: run `npm run build` (npm start builds it when missing or stale)');
  const hidden = { hide: true } as Record<string, unknown>;

  const sendIndex = (reply: FastifyReply) => {
    if (!existsSync(indexFile)) {
      // The first start builds while the API already answers; a previous build, when there is one, is served until the new one is swapped in.
      if (options.building?.()) return reply.code(503).header('retry-after', '3').header('cache-control', 'no-store').type('text/html; charset=utf-8').send(BUILDING_PAGE);
      throw notBuilt();
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', distDir, { cacheControl: false });
  };

  app.get('/', { config: { access: 'public' }, schema: hidden }, (_request, reply) => sendIndex(reply));
  app.get('/index.html', { config: { access: 'public' }, schema: hidden }, (_request, reply) => sendIndex(reply));
  app.get('/favicon.svg', { config: { access: 'public' }, schema: hidden }, (_request, reply) =>
    reply.sendFile('favicon.svg', distDir, { maxAge: 24 * 3600 * 1000 }),
  );
  // Vite names every asset by its content hash: a year of caching is safe and spares tablets on slow links.
  app.get<{ Params: { '*': string } }>('/assets/*', { config: { access: 'public' }, schema: hidden }, (request, reply) =>
    reply.sendFile(request.params['*'], join(distDir, 'assets'), { maxAge: YEAR_S * 1000, immutable: true }),
  );

  const config = dashboardConfig(options.dashboard);
  app.get(
    '/api/v1/dashboard/config',
    {
      config: { access: ANY_USER },
      schema: {
        tags: ['dashboard'],
        summary: 'Dashboard configuration: the optional intranet basemap (style URL or PMTiles archive)',
        security: [{ userToken: [] }],
        response: { 200: DashboardConfigSchema },
      },
    },
    async () => config,
  );

  const pmtiles = options.dashboard.basemapPmtilesPath;
  if (pmtiles) {
    app.get(
      BASEMAP_PMTILES_PATH,
      {
        config: { access: ANY_USER },
        schema: {
          tags: ['dashboard'],
          summary: 'The PMTiles basemap archive; supports HTTP Range (206 Partial Content), as PMTiles readers request byte ranges',
          security: [{ userToken: [] }],
          response: { 200: Type.Unknown(), 206: Type.Unknown() },
        },
      },
      (_request, reply) => {
        if (!existsSync(pmtiles)) throw problem(Errors.UNAVAILABLE, `basemap file ${basename(pmtiles)} is missing on the server`);
        // Tiles are read for hours on a wall; an hour of caching (then ETag revalidation) spares the server.
        return reply
          .type('application/vnd.pmtiles')
          .header('cache-control', 'private, max-age=3600')
          .sendFile(basename(pmtiles), dirname(pmtiles), { acceptRanges: true, cacheControl: false, contentType: false });
      },
    );
  }
}
