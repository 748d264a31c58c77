/**
 * Build of the dashboard (`npm run build`, or programmatically by
 * `services/api/plugins/dashboard-build.ts` when `dashboard/dist` is missing or stale).
 * Everything the app needs is bundled: no CDN, no web fonts, no remote tiles.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Writes `.br` and `.gz` siblings of the text assets, served by `@fastify/static` with
 * `preCompressed` to browsers that accept them: maplibre-gl and echarts shrink to about a
 * quarter, which matters to a field tablet on a weak mobile link.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'zhidu-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const assets = join(outDir, 'assets');
      for (const name of await readdir(assets)) {
        if (!/\.(js|mjs|css|svg|json)$/.test(name)) continue;
        const path = join(assets, name);
        if ((await stat(path)).size < 1024) continue;
        const body = await readFile(path);
        const [br, gz] = await Promise.all([brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }), gzipAsync(body, { level: 9 })]);
        await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  publicDir: `${root}/public`,
  plugins: [vue(), precompress()],
  define: {
    // vue-i18n: composition API only, no devtools hooks in the product.
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: `${root}/dist`,
    emptyOutDir: true,
    target: 'es2022',
    // maplibre-gl and echarts are large by nature; they load once and are cached (hashed names).
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { fs: { allow: [`${root}/..`] } },
});
