/**
 * Builds the dashboard (`dashboard/` → `dashboard/dist`) when it is missing or older
 * than any of its sources, so `npm start` on a fresh clone serves it without a separate
 * step. The build is Vite's, run in this process; it writes to a temporary directory
 * and swaps it in, so several processes starting at once never serve a half-written dist.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface DashboardPaths {
  /** Repository root (holds `dashboard/`, `geo/`, `package-lock.json`). */
  root: string;
  /** Built output served at `/`. */
  distDir: string;
}

/** Where the dashboard is built from and to, in this checkout. */
export const DEFAULT_DASHBOARD_PATHS: DashboardPaths = { root: REPO_ROOT, distDir: join(REPO_ROOT, 'dashboard', 'dist') };

export type DashboardBuildState = { state: 'fresh'; builtAtMs: number } | { state: 'missing' } | { state: 'stale'; builtAtMs: number; newestSource: string };

/** What the bundle is made of: the app, the pure `geo/` code it imports, and the locked dependencies. */
const SOURCE_ROOTS = ['dashboard/src', 'dashboard/public', 'dashboard/index.html', 'dashboard/vite.config.ts', 'geo', 'package-lock.json'];
const SOURCE_FILE = /\.(ts|vue|css|json|html|svg|png)$|^package-lock\.json$/;

async function newestFile(path: string): Promise<{ path: string; mtimeMs: number } | null> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return null;
  }
  if (!info.isDirectory()) return SOURCE_FILE.test(path.split('/').pop() ?? '') ? { path, mtimeMs: info.mtimeMs } : null;
  let newest: { path: string; mtimeMs: number } | null = null;
  for (const entry of await readdir(path)) {
    const found = await newestFile(join(path, entry));
    if (found && (!newest || found.mtimeMs > newest.mtimeMs)) newest = found;
  }
  return newest;
}

/**
 * Whether `dist` can be served as it is: present and newer than every source file.
 *
 * @example (await dashboardBuildState(DEFAULT_DASHBOARD_PATHS)).state // 'fresh' | 'missing' | 'stale'
 */
export async function dashboardBuildState(paths: DashboardPaths): Promise<DashboardBuildState> {
  let builtAtMs: number;
  try {
    builtAtMs = (await stat(join(paths.distDir, 'index.html'))).mtimeMs;
  } catch {
    return { state: 'missing' };
  }
  for (const root of SOURCE_ROOTS) {
    const newest = await newestFile(join(paths.root, root));
    if (newest && newest.mtimeMs > builtAtMs) return { state: 'stale', builtAtMs, newestSource: newest.path };
  }
  return { state: 'fresh', builtAtMs };
}

export interface EnsureBuiltResult {
  /** What was found before building. */
  before: DashboardBuildState['state'];
  built: boolean;
  durationMs: number;
}

/**
 * Builds the dashboard if it is missing or stale; otherwise does nothing (a few ms of `stat`s).
 * A failed build leaves an older dist in place (served, with a warning) and rethrows.
 *
 * @example const { built, durationMs } = await ensureDashboardBuilt(DEFAULT_DASHBOARD_PATHS, logger);
 */
export async function ensureDashboardBuilt(paths: DashboardPaths, logger: Logger): Promise<EnsureBuiltResult> {
  const startedAt = performance.now();
  const found = await dashboardBuildState(paths);
  if (found.state === 'fresh') return { before: 'fresh', built: false, durationMs: performance.now() - startedAt };
  logger.info(
    { reason: found.state, ...(found.state === 'stale' ? { newestSource: found.newestSource } : {}) },
    'building the dashboard (Vite); takes about 10 s on two cores',
  );
  const temporary = `${paths.distDir}.build-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const { build } = await import('vite');
    await build({
      configFile: join(paths.root, 'dashboard', 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: temporary, emptyOutDir: true },
    });
    const retired = `${paths.distDir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
    await rename(paths.distDir, retired).catch(() => undefined);
    await rename(temporary, paths.distDir);
    await rm(retired, { recursive: true, force: true });
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  const durationMs = performance.now() - startedAt;
  logger.info({ durationMs: Math.round(durationMs) }, 'dashboard built');
  return { before: found.state, built: true, durationMs };
}
