/**
 * `npm run import`: a controller log into an embedded database (PGlite under a temp
 * data directory), with the summary, exit codes, the zone, re-runs and gzip.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCli, type ImportIo } from '../../../ingest/cli/import.cli.js';
import { openPgliteStore } from '../../../services/store/pglite.adapter.js';
import { TWO_INTERSECTIONS_PATH } from '../../helpers/networks.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function capture(): ImportIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    interactive: false,
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
  };
  return io;
}

/** Local wall-clock text of an instant in a fixed-offset zone (Shanghai is UTC+8 all year). */
function local(epochMs: number, offsetH: number): string {
  return new Date(epochMs + offsetH * 3_600_000).toISOString().slice(0, 23).replace('T', ' ');
}

describe('npm run import', () => {
  let dir: string;
  let env: Record<string, string>;
  // Two days ago, on the whole second: historical, within the 90-day retention.
  const base = Math.floor((Date.now() - 2 * 86_400_000) / 1000) * 1000;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zhidu-import-'));
    env = { ZHIDU_DATA_DIR: join(dir, 'data'), ZHIDU_NETWORK: TWO_INTERSECTIONS_PATH, LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('imports an ATSPM CSV export, says which zone it read local times in, and is safe to run again', async () => {
    const csv = ['SignalId,Timestamp,EventCode,EventParam', ...[0, 100, 200].map((ms, i) => `A,${local(base + ms, 8)},82,${i + 1}`), 'A,garbage,82,1', 'Z,' + local(base, 8) + ',82,1'].join('\r\n');
    const file = join(dir, 'atspm.csv');
    await writeFile(file, csv);
    const first = capture();
    expect(await importCli([file], first, env)).toBe(0);
    expect(first.stdout).toMatch(/local times read in: Asia\/Shanghai/);
    expect(first.stdout).toMatch(/accepted: +3 \(3 new, 0 already stored\)/);
    expect(first.stdout).toMatch(/BAD_TIMESTAMP +1/);
    expect(first.stdout).toMatch(/UNKNOWN_INTERSECTION +1/);
    expect(first.stdout).toMatch(/line 5: BAD_TIMESTAMP \(ts\)/);
    const again = capture();
    expect(await importCli([file], again, env)).toBe(0);
    expect(again.stdout).toMatch(/accepted: +3 \(0 new, 3 already stored\)/);

    const store = await openPgliteStore({ dataDir: join(env.ZHIDU_DATA_DIR as string, 'pglite') });
    try {
      const rows = await store.query<{ ts: Date; param: number; feed_id: string }>('SELECT ts, param, feed_id FROM controller_events ORDER BY ts');
      // 08:00 local Shanghai wall clock is 00:00Z: the stored instants are the originals.
      expect(rows.rows.map((r) => [r.ts.getTime() - base, r.param])).toEqual([
        [0, 1],
        [100, 2],
        [200, 3],
      ]);
      expect(rows.rows[0]?.feed_id).toMatch(/^cli:/);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('reads a gzipped headerless log for the named intersection in the named zone', async () => {
    const file = join(dir, 'b.log.gz');
    // New York local times (UTC−5 in winter, −4 in summer): the CLI resolves the offset per instant.
    const ny = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'shortOffset' }).formatToParts(base).find((p) => p.type === 'timeZoneName')?.value;
    const offsetH = Number((ny ?? 'GMT-5').replace('GMT', ''));
    await writeFile(file, gzipSync(`${local(base + 5000, offsetH)},1,2\n${local(base + 6000, offsetH)},8,2\n`));
    const io = capture();
    expect(await importCli([file, '--intersection', 'B', '--tz', 'America/New_York'], io, env)).toBe(0);
    expect(io.stdout).toMatch(/\(csv, gzip\)/);
    expect(io.stdout).toMatch(/local times read in: America\/New_York/);
    expect(io.stdout).toMatch(/accepted: +2 \(2 new/);
  }, 60_000);

  it('refuses a bad command line with the usage (exit 2), and a file with nothing usable with exit 1', async () => {
    const usage = capture();
    expect(await importCli([], usage, env)).toBe(2);
    expect(usage.stderr).toMatch(/usage: npm run import/);
    expect(await importCli(['x.csv', '--tz', 'Mars/Olympus'], capture(), env)).toBe(2);
    const headerless = join(dir, 'c.csv');
    await writeFile(headerless, `${local(base, 8)},1,2\n`);
    const io = capture();
    expect(await importCli([headerless], io, env)).toBe(1);
    expect(io.stdout).toMatch(/MALFORMED_CSV/);
  }, 60_000);

  it('runs as the npm script entry point', async () => {
    const file = join(dir, 'd.ndjson');
    await writeFile(file, JSON.stringify({ intersection: 'A', ts: base + 9000, code: 1, param: 4 }));
    const child = spawn(process.execPath, ['--import', 'tsx', 'ingest/cli/import.cli.ts', file], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/imported .*d\.ndjson \(ndjson\)/);
  }, 60_000);
});
