/**
 * Ingest throughput and latency (issue 4), in one run on loopback, side by side with
 * its baseline:
 *   - baseline: a raw COPY of the workload's rows into `controller_events` through
 *     pg-copy-streams, pre-encoded, in transactions of 20,000 rows (the group commit's
 *     batch size), on one connection — what the database alone can take;
 *   - HTTP NDJSON end to end: the real server (`services/main.ts`, server mode, role
 *     `ingest`) in its own process, a load generator in another process sending the same
 *     rows as 1,000-record bodies over 50 concurrent keep-alive connections; a body counts
 *     when its 200 (sent after COMMIT) arrives;
 *   - ack latency at a fixed 20,000 events/s (open loop: 100-record bodies every 5 ms,
 *     latency from the scheduled send time to the answer, so stalls are not hidden).
 * Three rounds interleave baseline and measured runs (the machine is shared); medians are reported.
 *
 * `npm run bench:ingest` (or `npm run bench -- ingest`); writes its section of bench/RESULTS.md.
 * Database: ZHIDU_BENCH_DATABASE_URL (an admin connection; default the test server's).
 */
import os from 'node:os';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Registry } from 'prom-client';
import { ApiKeyService } from '../services/auth/api-key.service.js';
import { authMetrics } from '../services/auth/auth-metrics.js';
import { directAuditor } from '../services/auth/audit.js';
import { migrate } from '../services/store/migrate.js';
import { openPgStore } from '../services/store/pg.adapter.js';
import { ensureDayPartitions } from '../services/store/retention.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const NETWORK = fileURLToPath(new URL('../geo/network/showcase/tianjin-central.json', import.meta.url));
const ADMIN_URL = process.env.ZHIDU_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const BODY_RECORDS = 1000;
const CONNECTIONS = 50;
const WARMUP_BODIES = 100;
const MEASURED_BODIES = 1500;
const ROUNDS = 3;
const COPY_BATCH_ROWS = 20_000;
const RATE_EVENTS_PER_S = 20_000;
const RATE_BODY_RECORDS = 100;
const RATE_SECONDS = 15;

/** The deterministic workload: record k of a run, spread over the showcase intersections. */
interface Workload {
  ids: string[];
  channels: number[][];
  baseTs: number;
}

function loadWorkload(baseTs: number): Workload {
  const network = JSON.parse(readFileSync(NETWORK, 'utf8')) as { intersections: { id: string; approaches: { detectors: { channel: number }[] }[] }[] };
  return {
    ids: network.intersections.map((i) => i.id),
    channels: network.intersections.map((i) => i.approaches.flatMap((a) => a.detectors.map((d) => d.channel))),
    baseTs,
  };
}

/** Record k: detector on/off on the intersection's channels and phase events, 1 ms apart per intersection. */
function record(w: Workload, k: number): { intersection: string; ts: number; code: number; param: number; seq: number } {
  const n = w.ids.length;
  const i = k % n;
  const j = Math.floor(k / n);
  const channels = w.channels[i] as number[];
  const kind = j % 4;
  const code = kind === 0 ? 82 : kind === 1 ? 81 : kind === 2 ? 1 : 8;
  const param = kind < 2 ? (channels[j % channels.length] as number) : (j % 8) + 1;
  return { intersection: w.ids[i] as string, ts: w.baseTs + j, code, param, seq: k };
}

function ndjsonBody(w: Workload, first: number, count: number): string {
  let body = '';
  for (let k = first; k < first + count; k++) body += `${JSON.stringify(record(w, k))}\n`;
  return body;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

// ---------------------------------------------------------------- load generator (child process)

interface LoadResult {
  bodies: number;
  events: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  retries: number;
}

function postBody(agent: http.Agent, url: URL, key: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { agent, host: url.hostname, port: url.port, path: '/ingest/v1/events', method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'x-api-key': key, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Sends until accepted (503/429 are retried after a short pause). */
async function deliver(agent: http.Agent, url: URL, key: string, body: string, counters: { retries: number }): Promise<void> {
  for (;;) {
    const status = await postBody(agent, url, key, body);
    if (status === 200) return;
    if (status !== 503 && status !== 429) throw new Error(`server answered ${status}`);
    counters.retries++;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function generateLoad(args: { url: string; key: string; baseTs: number; mode: 'max' | 'rate'; first: number; bodies: number; bodyRecords: number; connections: number; rate: number }): Promise<LoadResult> {
  const w = loadWorkload(args.baseTs);
  const url = new URL(args.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: args.connections });
  const bodies = Array.from({ length: args.bodies }, (_, b) => ndjsonBody(w, args.first + b * args.bodyRecords, args.bodyRecords));
  const latencies: number[] = [];
  const counters = { retries: 0 };
  const started = performance.now();
  if (args.mode === 'max') {
    let next = 0;
    await Promise.all(
      Array.from({ length: args.connections }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++] as string;
          const sent = performance.now();
          await deliver(agent, url, args.key, body, counters);
          latencies.push(performance.now() - sent);
        }
      }),
    );
  } else {
    const intervalMs = (1000 * args.bodyRecords) / args.rate;
    const inFlight: Promise<void>[] = [];
    for (let b = 0; b < bodies.length; b++) {
      const scheduled = started + b * intervalMs;
      const wait = scheduled - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(deliver(agent, url, args.key, bodies[b] as string, counters).then(() => void latencies.push(performance.now() - scheduled)));
    }
    await Promise.all(inFlight);
  }
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    bodies: bodies.length,
    events: bodies.length * args.bodyRecords,
    seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    retries: counters.retries,
  };
}

function runGenerator(args: Parameters<typeof generateLoad>[0]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--load-generator', JSON.stringify(args)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop() as string) as LoadResult);
    });
  });
}

// ---------------------------------------------------------------- server (child process)

interface Server {
  url: string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = http.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startServer(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: databaseUrl,
      ZHIDU_ROLES: 'ingest',
      ZHIDU_SIMULATOR: 'off',
      PORT: String(port),
      // Request logs (two lines per request at info) are a deployment choice; the benchmark measures the pipeline.
      LOG_LEVEL: 'warn',
      // The per-key request limit would cap one key at 100 bodies/s; the benchmark measures the pipeline.
      ZHIDU_INGEST_RATE_PER_MIN: '1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ; ) {
    if (exited) throw new Error('the server exited before it was ready');
    const ready = await fetch(`${url}/readyz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error('the server did not become ready within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: () =>
      new Promise((done) => {
        if (exited) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

// ---------------------------------------------------------------- baseline: raw COPY

/** Rows per second of a raw COPY of records [0, rows) on `connections` connections side by side. */
async function rawCopy(databaseUrl: string, w: Workload, rows: number, feedId: string, connections: number): Promise<number> {
  const batches: string[] = [];
  for (let from = 0; from < rows; from += COPY_BATCH_ROWS) {
    let text = '';
    for (let k = from; k < Math.min(rows, from + COPY_BATCH_ROWS); k++) {
      const r = record(w, k);
      text += `${new Date(r.ts).toISOString()}\t${r.intersection}\t${r.code}\t${r.param}\t${feedId}\t${r.seq}\n`;
    }
    batches.push(text);
  }
  await truncate(databaseUrl);
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  try {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        while (next < batches.length) {
          const text = batches[next++] as string;
          await client.query('BEGIN');
          const stream = client.query(copyFrom('COPY controller_events (ts, intersection_id, code, param, feed_id, seq) FROM STDIN'));
          await new Promise<void>((resolve, reject) => {
            stream.on('finish', resolve);
            stream.on('error', reject);
            stream.end(text);
          });
          await client.query('COMMIT');
        }
      }),
    );
    return rows / ((performance.now() - started) / 1000);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
    await truncate(databaseUrl);
  }
}

// ---------------------------------------------------------------- the benchmark

async function countEvents(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM controller_events')).rows[0]?.n);
  } finally {
    await client.end();
  }
}

async function truncate(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('TRUNCATE controller_events').finally(() => client.end());
}

async function writeSection(section: string): Promise<void> {
  const path = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  const text = await readFile(path, 'utf8').catch(() => '# Benchmark results\n');
  const start = text.indexOf('\n## Ingest (`bench/ingest.bench.ts`)');
  if (start < 0) return writeFile(path, `${text.trimEnd()}\n\n${section}`);
  const next = text.indexOf('\n## ', start + 1);
  await writeFile(path, `${text.slice(0, start).trimEnd()}\n\n${section}${next < 0 ? '' : `\n${text.slice(next + 1)}`}`);
}

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

export async function run(): Promise<void> {
  const name = `zhidu_bench_ingest_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  try {
    const store = await openPgStore({ connectionString: databaseUrl });
    await migrate(store);
    const baseTs = Date.now() - 3_600_000;
    await ensureDayPartitions(store, new Date(baseTs - 86_400_000), new Date(baseTs + 86_400_000));
    const keys = new ApiKeyService(store, { metrics: authMetrics(new Registry()) });
    const created = await keys.create({ name: 'ingest benchmark', intersections: null }, directAuditor(store, { kind: 'system', id: null, name: 'bench' }), null);
    await store.close();
    const w = loadWorkload(baseTs);
    const measuredRows = MEASURED_BODIES * BODY_RECORDS;

    const server = await startServer(databaseUrl);
    const copyOne: number[] = [];
    const copyTwo: number[] = [];
    const e2eRuns: LoadResult[] = [];
    const rateRuns: LoadResult[] = [];
    try {
      process.stdout.write('HTTP NDJSON warm-up...\n');
      await runGenerator({ url: server.url, key: created.secret, baseTs, mode: 'max', first: measuredRows + 1_000_000, bodies: WARMUP_BODIES, bodyRecords: BODY_RECORDS, connections: CONNECTIONS, rate: 0 });
      // Rounds interleave the baseline and the measured paths, so a change in the machine's load
      // (it is shared) moves both; medians are reported.
      for (let round = 1; round <= ROUNDS; round++) {
        process.stdout.write(`round ${round}/${ROUNDS}: raw COPY (${thousands(measuredRows)} rows, 1 and 2 connections)...\n`);
        copyOne.push(await rawCopy(databaseUrl, w, measuredRows, created.key.id, 1));
        copyTwo.push(await rawCopy(databaseUrl, w, measuredRows, created.key.id, 2));
        process.stdout.write(`round ${round}/${ROUNDS}: HTTP NDJSON end to end (${MEASURED_BODIES} bodies × ${BODY_RECORDS} records, ${CONNECTIONS} connections)...\n`);
        e2eRuns.push(await runGenerator({ url: server.url, key: created.secret, baseTs, mode: 'max', first: 0, bodies: MEASURED_BODIES, bodyRecords: BODY_RECORDS, connections: CONNECTIONS, rate: 0 }));
        const stored = await countEvents(databaseUrl);
        if (stored !== measuredRows) throw new Error(`stored ${stored} rows, expected ${measuredRows}`);
        await truncate(databaseUrl);
        process.stdout.write(`round ${round}/${ROUNDS}: ack latency at ${thousands(RATE_EVENTS_PER_S)} events/s for ${RATE_SECONDS} s...\n`);
        rateRuns.push(
          await runGenerator({
            url: server.url,
            key: created.secret,
            baseTs,
            mode: 'rate',
            first: measuredRows + 2_000_000 + round * 1_000_000,
            bodies: (RATE_EVENTS_PER_S * RATE_SECONDS) / RATE_BODY_RECORDS,
            bodyRecords: RATE_BODY_RECORDS,
            connections: CONNECTIONS,
            rate: RATE_EVENTS_PER_S,
          }),
        );
        await truncate(databaseUrl);
      }
    } finally {
      await server.stop();
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    const range = (values: number[], digits = 0) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
    const rates = (runs: LoadResult[]) => runs.map((r) => r.events / r.seconds);
    const copyRate = median(copyOne);
    const copyTwoRate = median(copyTwo);
    const e2eRate = median(rates(e2eRuns));
    const e2e = { p50Ms: median(e2eRuns.map((r) => r.p50Ms)), p99Ms: median(e2eRuns.map((r) => r.p99Ms)), retries: e2eRuns.reduce((n, r) => n + r.retries, 0) };
    const rate = {
      events: median(rates(rateRuns)),
      p50Ms: median(rateRuns.map((r) => r.p50Ms)),
      p99Ms: median(rateRuns.map((r) => r.p99Ms)),
      maxMs: Math.max(...rateRuns.map((r) => r.maxMs)),
      retries: rateRuns.reduce((n, r) => n + r.retries, 0),
    };
    const load = (await readFile('/proc/loadavg', 'utf8').catch(() => '? ')).split(' ')[0];
    const lines = [
      `| raw COPY, pre-encoded, 20,000-row transactions, 1 connection (baseline; rounds ${range(copyOne.map((x) => x / 1000))} k) | ${thousands(copyRate)} | 1.00× | — |`,
      `| raw COPY as above on 2 connections side by side (rounds ${range(copyTwo.map((x) => x / 1000))} k) | ${thousands(copyTwoRate)} | ${(copyTwoRate / copyRate).toFixed(2)}× | — |`,
      `| HTTP NDJSON end to end, ${BODY_RECORDS}-record bodies, ${CONNECTIONS} connections, ack after COMMIT (rounds ${range(rates(e2eRuns).map((x) => x / 1000))} k) | ${thousands(e2eRate)} | ${(e2eRate / copyRate).toFixed(2)}× | p50 ${e2e.p50Ms.toFixed(0)} ms, p99 ${e2e.p99Ms.toFixed(0)} ms per body |`,
      `| fixed ${thousands(RATE_EVENTS_PER_S)} events/s (${RATE_BODY_RECORDS}-record bodies every ${(1000 * RATE_BODY_RECORDS) / RATE_EVENTS_PER_S} ms, open loop; p99 of the rounds ${range(rateRuns.map((r) => r.p99Ms), 1)} ms) | ${thousands(rate.events)} | ${(rate.events / copyRate).toFixed(2)}× | p50 ${rate.p50Ms.toFixed(1)} ms, p99 ${rate.p99Ms.toFixed(1)} ms, max ${rate.maxMs.toFixed(0)} ms |`,
    ];
    const section = [
      '## Ingest (`bench/ingest.bench.ts`)',
      '',
      'Command: `npm run bench:ingest` — PostgreSQL 15 on loopback. The server (`services/main.ts`, role `ingest`,',
      'default group commit of 20,000 rows / 10 ms with 2 commits in flight, LOG_LEVEL=warn so no request logs) and the',
      `load generator each run in their own process; the same ${thousands(measuredRows)} rows (18 intersections, detector`,
      'and phase events) go into the baseline COPY and the HTTP run.',
      `Medians of ${ROUNDS} interleaved rounds. Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${os.cpus().length} vCPUs, load average ${load} at the end (absolute figures move with other work on the machine; the ratios much less).`,
      '',
      '| path | events/s | vs raw COPY | ack latency |',
      '|---|---|---|---|',
      ...lines,
      '',
      `Retries (503 while the backlog was full): ${e2e.retries} in the end-to-end run, ${rate.retries} at the fixed rate.`,
      'Targets (issue 4): ≥ 100,000 events/s end to end, ≥ 50 % of raw COPY, p99 ack ≤ 250 ms at 20,000 events/s.',
      '',
    ].join('\n');
    process.stdout.write(`\n${section}\n`);
    await writeSection(section);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

if (process.argv[2] === '--load-generator' && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await generateLoad(JSON.parse(process.argv[3] as string) as Parameters<typeof generateLoad>[0]);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
