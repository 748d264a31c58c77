/**
 * When `npm start` rebuilds the dashboard: only when `dist` is missing or older than a source.
 */
import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardBuildState } from '../../../../services/api/plugins/dashboard-build.js';

describe('dashboard build staleness', () => {
  let root: string;
  const at = (s: number) => new Date(Date.UTC(2026, 10, 27, 0, 0, s));
  const paths = () => ({ root, distDir: join(root, 'dashboard', 'dist') });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'zhidu-build-'));
    for (const dir of ['dashboard/src/views', 'dashboard/public', 'geo/network']) await mkdir(join(root, dir), { recursive: true });
    const files = ['dashboard/index.html', 'dashboard/vite.config.ts', 'dashboard/src/main.ts', 'dashboard/src/views/A.vue', 'geo/network/x.ts', 'package-lock.json'];
    for (const file of files) {
      await writeFile(join(root, file), 'x');
      await utimes(join(root, file), at(10), at(10));
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('is missing without dist/index.html', async () => {
    expect(await dashboardBuildState(paths())).toEqual({ state: 'missing' });
  });

  it('is fresh when the build is newer than every source', async () => {
    await mkdir(paths().distDir, { recursive: true });
    await writeFile(join(paths().distDir, 'index.html'), '<!doctype html>');
    await utimes(join(paths().distDir, 'index.html'), at(20), at(20));
    expect((await dashboardBuildState(paths())).state).toBe('fresh');
  });

  it('is stale when a view, the geo code it imports or the dependencies changed after the build', async () => {
    for (const file of ['dashboard/src/views/A.vue', 'geo/network/x.ts', 'package-lock.json']) {
      await utimes(join(root, file), at(30), at(30));
      expect(await dashboardBuildState(paths())).toMatchObject({ state: 'stale', newestSource: join(root, file) });
      await utimes(join(root, file), at(10), at(10));
    }
    // a file the bundle does not contain (notes, editor backups) does not count
    await writeFile(join(root, 'dashboard/src/notes.txt'), 'x');
    await utimes(join(root, 'dashboard/src/notes.txt'), at(40), at(40));
    expect((await dashboardBuildState(paths())).state).toBe('fresh');
  });
});
