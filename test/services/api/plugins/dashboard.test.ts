/**
 * The dashboard plugin on the real app: the built files at `/` (a small prebuilt dist made
 * by the test, as the plugin allows), caching, pre-compressed assets, a clear problem when the
 * dashboard is not built, and the configuration it derives from `config.dashboard`.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ZhiduApp } from '../../../../services/api/app.js';
import { dashboardConfig } from '../../../../services/api/plugins/dashboard.js';
import { loadConfig } from '../../../../services/config/index.js';
import { openPgliteStore } from '../../../../services/store/pglite.adapter.js';
import type { SqlPort } from '../../../../services/store/port.js';
import { twoIntersectionIndex } from '../../../helpers/networks.js';

const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

describe('dashboard plugin', () => {
  let dir: string;
  let app: ZhiduApp;
  let missing: ZhiduApp;
  let store: SqlPort;

  const build = (distDir: string, building?: () => boolean) =>
    buildApp({
      config: loadConfig({}),
      store,
      network: twoIntersectionIndex(),
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      authenticator: { authenticate: async () => undefined },
      dashboardDistDir: distDir,
      ...(building ? { dashboardBuilding: building } : {}),
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zhidu-dist-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><div id="app"></div><script type="module" src="/assets/index-abc123.js"></script>');
    await writeFile(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
    await writeFile(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(SCRIPT));
    store = await openPgliteStore();
    app = await build(dir);
    missing = await build(join(dir, 'not-built'));
    await Promise.all([app.ready(), missing.ready()]);
  });
  afterAll(async () => {
    await Promise.all([app.close(), missing.close()]);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the app at / to anyone, revalidated on every load, under a same-origin CSP', async () => {
    const res = await app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.body).toContain('<div id="app">');
  });

  it('serves hashed assets for a year, brotli-compressed when accepted', async () => {
    const plain = await app.inject('/assets/index-abc123.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    const compressed = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.rawPayload.length).toBeLessThan(SCRIPT.length / 10);
  });

  it('answers unknown assets and paths outside the dist with problem+json 404', async () => {
    for (const url of ['/assets/nothing.js', '/assets/..%2F..%2Fpackage.json', '/api/v1/nothing']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });

  it('says clearly when the dashboard is not built', async () => {
    const res = await missing.inject('/');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'ZHIDU_ERR_UNAVAILABLE', detail: expect.stringContaining('npm run build') });
  });

  it('answers with a page that reloads itself while the first build runs, then with the app', async () => {
    const distDir = join(dir, 'first-build');
    let building = true;
    const starting = await build(distDir, () => building);
    try {
      const during = await starting.inject('/');
      expect(during.statusCode).toBe(503);
      expect(during.headers['retry-after']).toBe('3');
      expect(during.headers['content-type']).toMatch(/^text\/html/);
      expect(during.body).toContain('<meta http-equiv="refresh" content="3">');
      expect(during.body).toContain('看板正在构建');
      // the API does not wait for the build
      expect((await starting.inject('/healthz')).statusCode).toBe(200);
      await mkdir(distDir);
      await writeFile(join(distDir, 'index.html'), '<!doctype html><div id="app"></div>');
      building = false;
      const after = await starting.inject('/');
      expect(after.statusCode).toBe(200);
      expect(after.body).toContain('<div id="app">');
    } finally {
      await starting.close();
    }
  });

  it('keeps the configuration route for signed-in users', async () => {
    const res = await app.inject('/api/v1/dashboard/config');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('ZHIDU_ERR_UNAUTHENTICATED');
  });

  it('describes the basemap from the configuration', () => {
    expect(dashboardConfig(loadConfig({}).dashboard)).toEqual({ basemap: { kind: 'none' }, timeZone: 'Asia/Shanghai' });
    expect(dashboardConfig(loadConfig({ ZHIDU_BASEMAP_STYLE_URL: 'http://tiles.intranet/style.json' }).dashboard).basemap).toEqual({
      kind: 'style',
      styleUrl: 'http://tiles.intranet/style.json',
    });
    expect(dashboardConfig(loadConfig({ ZHIDU_BASEMAP_PMTILES: 'data/tianjin.pmtiles' }).dashboard).basemap).toEqual({
      kind: 'pmtiles',
      url: '/api/v1/dashboard/basemap.pmtiles',
    });
  });
});
