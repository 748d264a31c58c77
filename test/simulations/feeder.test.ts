import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directAuditor } from '../../services/auth/audit.js';
import { loadConfig } from '../../services/config/index.js';
import { startSystem, type RunningSystem } from '../../services/system.js';
import { defaultStartTs, eventLine, sampleLine, startFeeder } from '../../simulations/feeder.js';
import { createSimulation } from '../../simulations/sim/index.js';
import { TWO_INTERSECTIONS_PATH, twoIntersectionNetwork } from '../helpers/networks.js';

const SEED = 4242;
/** Whole minutes in the past, so the run is historical but inside the live lateness window. */
const START = Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000;

async function eventCount(system: RunningSystem): Promise<number> {
  const result = await system.store.query<{ n: number }>('select count(*)::int8 as n from controller_events');
  return result.rows[0]?.n ?? 0;
}

/** The events the same simulation hands out over [START, untilTs): what must end up stored. */
function expectedEvents(untilTs: number): number {
  const sim = createSimulation({ network: twoIntersectionNetwork(), scenario: 'am-peak', seed: SEED, startTs: START });
  return sim.advanceTo(untilTs).events.length;
}

describe('simulator feeder', () => {
  let dataDir: string;
  let system: RunningSystem;
  let key: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zhidu-feeder-'));
    const config = loadConfig({ ZHIDU_DATA_DIR: dataDir, ZHIDU_NETWORK: TWO_INTERSECTIONS_PATH, ZHIDU_SIMULATOR: 'off', PORT: '0', ZHIDU_ROLES: 'api,ingest,worker' });
    system = await startSystem(config, { logger: pino({ level: 'silent' }), listen: true, buildDashboard: false });
    const created = await system.auth.keys.create({ name: 'feeder-test', intersections: null }, directAuditor(system.store, { kind: 'system', id: null, name: 'test' }), null);
    key = created.secret;
  }, 60_000);
  afterAll(async () => {
    await system.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes the same lines the wire formats define', () => {
    expect(eventLine({ intersectionId: 'A', ts: 1, code: 82, param: 5 })).toBe('{"intersection":"A","ts":1,"code":82,"param":5}');
    expect(sampleLine({ detectorId: 'D', intersectionId: 'A', ts: 2, intervalS: 60, volume: 7, occupancyPct: 12.5, speedKmh: null, queueM: null })).toBe(
      '{"detector":"D","ts":2,"intervalS":60,"volume":7,"occupancyPct":12.5}',
    );
  });

  it('starts fast runs in the past so that they end now', () => {
    expect(defaultStartTs(1, undefined, 1_000_000_000)).toBe(1_000_000_000);
    expect(defaultStartTs(10, 600, 1_000_000_000)).toBe(1_000_000_000 - 600_000);
  });

  it('retries through an unavailable ingest endpoint and stores every event exactly once', async () => {
    // A peer in front of the real server that answers 503 (with Retry-After) to the first three pushes.
    let refusals = 3;
    const upstream = new URL(system.url as string);
    const flaky: Server = createServer((req, res) => {
      if (refusals > 0) {
        refusals -= 1;
        req.resume();
        res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/problem+json' }).end('{"status":503}');
        return;
      }
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      });
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const durationS = 300;
      const before = await eventCount(system);
      const feeder = startFeeder({
        network: twoIntersectionNetwork(),
        scenario: 'am-peak',
        seed: SEED,
        speed: 600,
        target: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`,
        key,
        startTs: START,
        durationS,
        tickMs: 50,
      });
      const stats = await feeder.finished;
      expect(stats.retries).toBeGreaterThanOrEqual(3);
      expect(stats.backlog).toBe(0);
      const expected = expectedEvents(START + durationS * 1000);
      expect(stats.eventsSent).toBe(expected);
      expect(stats.accepted).toBe(expected + stats.samplesSent);
      expect((await eventCount(system)) - before).toBe(expected);
    } finally {
      await new Promise((resolve) => flaky.close(resolve));
    }
  }, 60_000);

  it('switches the simulated controllers to a changed plan in force', async () => {
    const network = twoIntersectionNetwork();
    const shipped = network.intersections.find((i) => i.id === 'A')!.plan;
    // The same ring-barrier at a 120 s cycle: every split × 1.2 (the fixture's splits are multiples of 5).
    const retimed = { ...shipped, id: 'A-P2', cycleS: 120, offsetS: 0, phases: shipped.phases.map((p) => ({ ...p, splitS: p.splitS * 1.2 })) };
    let inForce = new Map([['A', shipped]]);
    const applied: string[][] = [];
    // After the other runs' windows and ending before now (simulated time never runs ahead of the clock).
    const start = START + 13 * 60_000;
    const feeder = startFeeder({
      network,
      scenario: 'am-peak',
      seed: SEED,
      speed: 300,
      target: system.url as string,
      key,
      startTs: start,
      durationS: 900,
      tickMs: 50,
      plans: inForce,
      plansInForce: async () => inForce,
      planPollMs: 100,
      onPlansApplied: (ids) => applied.push(ids),
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    inForce = new Map([['A', retimed]]);
    await feeder.finished;
    expect(applied).toEqual([['A']]);
    const greens = await system.store.query<{ ts: Date }>(
      "select ts from controller_events where intersection_id = 'A' and code = 1 and param = 2 and ts >= $1 and ts < $2 order by ts",
      [new Date(start), new Date(start + 900_000)],
    );
    const gaps = greens.rows.slice(1).map((row, i) => (row.ts.getTime() - greens.rows[i]!.ts.getTime()) / 1000);
    expect(gaps[0]).toBe(100);
    expect(gaps.slice(-3)).toEqual([120, 120, 120]);
  }, 60_000);

  it('stops for good on a refused key, saying why', async () => {
    let fatal: Error | undefined;
    const feeder = startFeeder({
      network: twoIntersectionNetwork(),
      scenario: 'am-peak',
      seed: SEED,
      speed: 600,
      target: system.url as string,
      key: 'zk_00000000_forged',
      startTs: START,
      durationS: 60,
      onFatal: (error) => {
        fatal = error;
      },
    });
    const stats = await feeder.finished;
    expect(stats.done).toBe(true);
    expect(fatal?.message).toMatch(/401/);
  });

  it('runs from the command line: npm run simulate -- --target ... --key ...', async () => {
    const before = await eventCount(system);
    // Ten minutes after the first run's window: nothing it stores was stored before.
    const start = START + 10 * 60_000;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'simulations/simulate.cli.ts', '--target', system.url as string, '--key', key, '--scenario', 'am-peak', '--speed', '600', '--duration', '120', '--seed', String(SEED), '--start', new Date(start).toISOString(), '--network', TWO_INTERSECTIONS_PATH],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(out).toMatch(/done/);
    expect(code).toBe(0);
    const sim = createSimulation({ network: twoIntersectionNetwork(), scenario: 'am-peak', seed: SEED, startTs: start });
    const expected = sim.advanceTo(start + 120_000).events.length;
    expect((await eventCount(system)) - before).toBe(expected);
    expect(out).toMatch(new RegExp(`events ${expected}\\b`));
  }, 60_000);

  it('refuses bad arguments with the usage', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'simulations/simulate.cli.ts', '--target', 'nope', '--key', 'k'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(1);
    expect(err).toMatch(/--target must be an http\(s\) URL/);
    expect(err).toMatch(/usage: npm run simulate/);
  });
});
