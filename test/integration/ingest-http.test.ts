/**
 * Ingest end to end through the composed system (services/system.ts): real API keys,
 * the real app on a real port, the group commit, and the hand-off to the shard transport.
 * Server mode on the PostgreSQL server; embedded mode on PGlite with the simulator's
 * provisioned key (kept in the data directory with mode 0600, reused after a restart).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { directAuditor } from '../../services/auth/audit.js';
import { loadConfig } from '../../services/config/index.js';
import type { CommittedBatch } from '../../services/contracts/records.js';
import { startSystem, type RunningSystem } from '../../services/system.js';
import { describeWith } from '../helpers/services.js';
import { createTestDatabase } from '../helpers/test-stores.js';

const logger = pino({ level: 'silent' });

async function post(url: string, key: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'x-api-key': key, ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

await describeWith(['postgres'], 'ingest over HTTP and WebSocket, server mode (PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let system: RunningSystem;
  let key = '';
  let scopedKey = '';
  const handed: CommittedBatch[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: database.url, PORT: '0', ZHIDU_ROLES: 'ingest', ZHIDU_SIMULATOR: 'off', ZHIDU_INGEST_BATCH_WAIT_MS: '5' });
    system = await startSystem(config, { logger, listen: true, buildDashboard: false });
    const admin = directAuditor(system.store, { kind: 'system', id: null, name: 'test' });
    key = (await system.auth.keys.create({ name: 'controllers', intersections: null }, admin, null)).secret;
    scopedKey = (await system.auth.keys.create({ name: 'TJ01 only', intersections: ['TJ01'] }, admin, null)).secret;
    await system.shards.consume({
      onAssigned: async () => undefined,
      onRevoked: async () => undefined,
      onBatch: async (batch) => {
        handed.push(batch);
      },
    });
  });
  afterAll(async () => {
    await system?.stop();
    await database?.drop();
  });

  it('stores events posted with a feed key, answers after commit, and hands them to the engine in (ts, code) order', async () => {
    const now = Date.now();
    const lines = [
      { intersection: 'TJ02', ts: now, code: 82, param: 3, seq: 2 },
      { intersection: 'TJ02', ts: now - 500, code: 1, param: 2, seq: 1 },
      { intersection: 'TJ99', ts: now, code: 1, param: 2, seq: 3 },
    ].map((l) => JSON.stringify(l));
    const res = await post(`${system.url}/ingest/v1/events`, key, gzipSync(lines.join('\n')), { 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 1, rejects: [{ line: 3, reason: 'UNKNOWN_INTERSECTION' }] });
    const stored = await system.store.query<{ n: number }>("SELECT count(*)::int AS n FROM controller_events WHERE intersection_id = 'TJ02'");
    expect(stored.rows[0]?.n).toBe(2);
    expect(handed.find((b) => b.intersectionId === 'TJ02')?.events.map((e) => e.code)).toEqual([1, 82]);
  });

  it('keeps a scoped key to its intersections, refuses bad keys, and documents the routes', async () => {
    const now = Date.now();
    const scoped = await post(`${system.url}/ingest/v1/events`, scopedKey, [{ intersection: 'TJ01', ts: now, code: 1, param: 2 }, { intersection: 'TJ03', ts: now, code: 1, param: 2 }].map((l) => JSON.stringify(l)).join('\n'));
    expect(scoped.body).toMatchObject({ accepted: 1, rejected: 1, rejects: [{ line: 2, reason: 'OUT_OF_SCOPE' }] });
    const bad = await post(`${system.url}/ingest/v1/events`, 'zk_nope_nope', '{}');
    expect(bad.status).toBe(401);
    const docs = (await (await fetch(`${system.url}/docs/json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/ingest/v1/events', '/ingest/v1/samples', '/ingest/v1/files']));
    const metrics = await (await fetch(`${system.url}/metrics`)).text();
    expect(metrics).toMatch(/zhidu_ingest_rejected_total\{feed="\d+",transport="http",reason="OUT_OF_SCOPE"\} 1/);
    expect(metrics).toMatch(/zhidu_ingest_commit_seconds_count\{path="copy"\} [1-9]/);
  });

  it('imports an uploaded controller log (multipart)', async () => {
    // Shanghai wall clock one hour ago, ATSPM's one decimal; the upload names the intersection.
    const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 21).replace('T', ' ');
    const hourAgo = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
    const form = new FormData();
    form.append('intersection', 'TJ04');
    form.append('file', new Blob([`${local(hourAgo)},1,2\n${local(hourAgo + 100)},8,2\n`], { type: 'text/csv' }), 'tj04.csv');
    const res = await fetch(`${system.url}/ingest/v1/files`, { method: 'POST', headers: { 'x-api-key': key }, body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ format: 'csv', timeZone: 'Asia/Shanghai', accepted: 2, rejected: 0 });
    const stored = await system.store.query<{ ts: Date }>("SELECT ts FROM controller_events WHERE intersection_id = 'TJ04' ORDER BY ts");
    expect(stored.rows.map((r) => r.ts.getTime())).toEqual([hourAgo, hourAgo + 100]);
  });

  it('streams over the WebSocket with the same key', async () => {
    const socket = new WebSocket(`${system.url?.replace('http', 'ws')}/ingest/v1/stream`, { headers: { authorization: `Bearer ${key}` } });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ batch: 'w1', records: [{ intersection: 'TJ05', ts: Date.now(), code: 1, param: 4 }] }));
    const ack = await new Promise<Record<string, unknown>>((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)));
    expect(ack).toMatchObject({ type: 'ack', batch: 'w1', accepted: 1 });
    socket.close();
  });
});

describe('ingest in embedded mode (PGlite) with the simulator’s provisioned key', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zhidu-ingest-embedded-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('provisions the key once (0600 file), accepts events with it, and reuses it after a restart', async () => {
    const config = loadConfig({ ZHIDU_DATA_DIR: dataDir, PORT: '0', ZHIDU_ROLES: 'ingest', ZHIDU_SIMULATOR: 'on' });
    const first = await startSystem(config, { logger, listen: true, buildDashboard: false });
    let secret: string;
    // The simulator feeds the same intersections meanwhile: our record is the only pattern change (131) at this instant.
    const sentTs = Date.now();
    try {
      expect(first.simulatorKey?.created).toBe(true);
      secret = first.simulatorKey?.secret as string;
      const file = join(dataDir, 'simulator-feed.key');
      expect((await readFile(file, 'utf8')).trim()).toBe(secret);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const res = await post(`${first.url}/ingest/v1/events`, secret, JSON.stringify({ intersection: 'TJ07', ts: sentTs, code: 131, param: 9 }));
      expect(res).toMatchObject({ status: 200, body: { accepted: 1 } });
    } finally {
      await first.stop();
    }
    const second = await startSystem(config, { logger, listen: true, buildDashboard: false });
    try {
      expect(second.simulatorKey).toMatchObject({ created: false, secret });
      const stored = await second.store.query<{ n: number }>("SELECT count(*)::int AS n FROM controller_events WHERE intersection_id = 'TJ07' AND code = 131 AND ts = $1", [new Date(sentTs)]);
      expect(stored.rows[0]?.n).toBe(1);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
