import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWith, TEST_REDIS_URL } from '../helpers/services.js';
import { createTestDatabase } from '../helpers/test-stores.js';
import { startZhiduProcess } from '../helpers/zhidu-process.js';

const START_LIMIT_MS = 20_000;

describe('npm start, embedded', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zhidu-embedded-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is ready with the showcase network within 20 s, stops on SIGINT, and restarts without re-running migrations', async () => {
    const env = { ZHIDU_DATA_DIR: dataDir, PORT: '0', ZHIDU_SIMULATOR: 'off' };
    const first = startZhiduProcess(env);
    const startedAt = Date.now();
    const url = await first.ready;
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(Date.now() - startedAt).toBeLessThan(START_LIMIT_MS);
    expect(first.logs.find((l) => l.msg === 'zhidu started')).toMatchObject({ mode: 'embedded', intersections: 18 });
    expect(first.logs.find((l) => l.msg === 'database schema ready')?.applied).not.toEqual([]);
    expect(await first.stop('SIGINT')).toBe(0);

    const second = startZhiduProcess(env);
    await second.ready;
    expect(second.logs.find((l) => l.msg === 'database schema ready')?.applied).toEqual([]);
    expect(await second.stop('SIGTERM')).toBe(0);
  }, 60_000);

  it('shows simulator events arriving in the database right after start (the embedded demo)', async () => {
    const demoDir = await mkdtemp(join(tmpdir(), 'zhidu-demo-'));
    const proc = startZhiduProcess({ ZHIDU_DATA_DIR: demoDir, PORT: '0' });
    try {
      const spawnedAt = Date.now();
      const url = await proc.ready;
      const readyAt = Date.now();
      let accepted = 0;
      while (accepted === 0 && Date.now() - readyAt < 15_000) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const metrics = await (await fetch(`${url}/metrics`)).text();
        accepted = [...metrics.matchAll(/^zhidu_ingest_accepted_total\{[^}]*kind="event"[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      }
      expect(accepted).toBeGreaterThan(0);
      process.stdout.write(`embedded demo: ready ${readyAt - spawnedAt} ms after spawn, first events committed ${Date.now() - readyAt} ms later\n`);
      expect(proc.logs.find((l) => l.msg === 'zhidu started')).toMatchObject({ simulator: true });
    } finally {
      expect(await proc.stop()).toBe(0);
      await rm(demoDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a malformed environment with one message listing every bad variable, exit code 1', async () => {
    const proc = startZhiduProcess({ ZHIDU_DATA_DIR: dataDir, PORT: 'http', DATABASE_URL: 'mysql://nope', ZHIDU_ROLES: 'api,chef' });
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toMatch(/^Invalid configuration:\n/);
    for (const variable of ['DATABASE_URL', 'PORT', 'ZHIDU_ROLES']) expect(proc.stderr()).toContain(`  ${variable}: `);
  });
});

await describeWith(['postgres'], 'npm start, server mode on PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('runs against DATABASE_URL', async () => {
    const proc = startZhiduProcess({ DATABASE_URL: database.url, PORT: '0' });
    const url = await proc.ready;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(proc.logs.find((l) => l.msg === 'zhidu started')).toMatchObject({ mode: 'server' });
    expect(proc.logs.find((l) => l.msg === 'database schema ready')).toMatchObject({ adapter: 'pg', variant: 'plain' });
    expect(await proc.stop()).toBe(0);
  }, 60_000);
});

await describeWith(['postgres', 'redis'], 'npm start, server mode with Redis', () => {
  let database: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('reports Redis in readiness and splits roles over processes', async () => {
    const api = startZhiduProcess({ DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, PORT: '0', ZHIDU_ROLES: 'api' });
    const worker = startZhiduProcess({ DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, PORT: '0', ZHIDU_ROLES: 'engine,worker' });
    const url = await api.ready;
    await worker.ready;
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    expect(worker.logs.find((l) => l.msg === 'zhidu started')).toMatchObject({ roles: ['engine', 'worker'] });
    expect(await api.stop()).toBe(0);
    expect(await worker.stop()).toBe(0);
  }, 60_000);
});
