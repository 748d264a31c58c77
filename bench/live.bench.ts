/**
 * `npm run bench:live` — the live path to the screens (DESIGN §10):
 * 1. detector event submitted → rendered in a real browser, p50/p99, under the full built-in
 *    simulator load, beside the same measurement on an idle system (target p99 ≤ 1 s);
 * 2. fan-out of one server process to 1,000 socket.io clients at 1 Hz (target ≥ 99.9 %
 *    delivered), with the server's CPU, beside a bare `ws` broadcast of the same bytes.
 * Figures go to bench/RESULTS.md (section `bench:live`).
 */
import { cpus, loadavg } from 'node:os';
import { measureFanout, type FanoutResult } from './live/fanout.js';
import { measureRenderLatency, type LatencyResult } from './live/latency.js';
import { writeResultsSection } from './live/results-file.js';

const CLIENTS = Number(process.env.BENCH_LIVE_CLIENTS ?? 1000);
const FANOUT_SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 60);
const MARKERS = Number(process.env.BENCH_LIVE_MARKERS ?? 60);

const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : '–');
const pct = (value: number, digits = 1) => `${value.toFixed(digits)} %`;

function latencyTable(loaded: LatencyResult, noWindow: LatencyResult, idle: LatencyResult): string {
  const row = (r: LatencyResult) => `| ${r.label} | ${r.rendered}/${r.markers} | ${ms(r.p50Ms)} | ${ms(r.p90Ms)} | ${ms(r.p99Ms)} | ${ms(r.maxMs)} |`;
  return [
    '| system | markers rendered | p50 | p90 | p99 | max |',
    '|---|---|---|---|---|---|',
    row(loaded),
    row(noWindow),
    row(idle),
    '',
    `Ratio loaded ÷ idle (same configuration): p50 ${(loaded.p50Ms / idle.p50Ms).toFixed(2)}×, p99 ${(loaded.p99Ms / idle.p99Ms).toFixed(2)}×. ` +
      `Default reorder window (ZHIDU_ENGINE_REORDER_MS, DESIGN: 3 s) ÷ none: p50 ${(loaded.p50Ms / noWindow.p50Ms).toFixed(2)}× — the signal display and the intersection's source time are taken on arrival, ahead of the window; the measures still wait for it. ` +
      `Target p99 ≤ 1 s: ${loaded.p99Ms <= 1000 ? 'met' : 'NOT met'} with the default window, ${noWindow.p99Ms <= 1000 ? 'met' : 'NOT met'} without it.`,
  ].join('\n');
}

function fanoutTable(socketio: FanoutResult, ws: FanoutResult): string {
  const row = (label: string, r: FanoutResult) =>
    `| ${label} | ${r.connected}/${r.clients} | ${r.publishes} | ${r.delivered} | ${pct(r.deliveredPct, 2)} | ${pct(r.serverCpuPct)} | ${r.cpuPerMessageUs.toFixed(0)} µs | ${(r.payloadBytes / 1024).toFixed(1)} KiB |`;
  return [
    '| server | clients | deltas published | deltas delivered | delivered | server CPU (one core) | CPU per delivered delta | delta size |',
    '|---|---|---|---|---|---|---|---|',
    row('socket.io `/live` (product)', socketio),
    row('bare `ws` broadcast (baseline)', ws),
    '',
    `Ratio socket.io ÷ ws: server CPU ${(socketio.serverCpuPct / ws.serverCpuPct).toFixed(2)}×. Target delivered ≥ 99.9 %: ${socketio.deliveredPct >= 99.9 ? 'met' : 'NOT met'}.`,
  ].join('\n');
}

export async function run(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  process.stdout.write(`fan-out: ${CLIENTS} clients, ${FANOUT_SECONDS} s at 1 Hz\n`);
  const socketio = await measureFanout({ mode: 'socketio', clients: CLIENTS, seconds: FANOUT_SECONDS, hz: 1 });
  process.stdout.write(`${JSON.stringify(socketio)}\n`);
  const ws = await measureFanout({ mode: 'ws', clients: CLIENTS, seconds: FANOUT_SECONDS, hz: 1 });
  process.stdout.write(`${JSON.stringify(ws)}\n`);

  process.stdout.write(`submit → render: ${MARKERS} markers, simulator on (default, then no reorder window), then idle\n`);
  const loaded = await measureRenderLatency({ label: 'simulator on, 18 intersections at live pace (defaults)', simulator: 'on', markers: MARKERS });
  process.stdout.write(`${JSON.stringify(loaded)}\n`);
  const noWindow = await measureRenderLatency({
    label: 'simulator on, reorder window 0 (ZHIDU_ENGINE_REORDER_MS=0)',
    simulator: 'on',
    markers: MARKERS,
    env: { ZHIDU_ENGINE_REORDER_MS: '0' },
  });
  process.stdout.write(`${JSON.stringify(noWindow)}\n`);
  const idle = await measureRenderLatency({ label: 'idle baseline: simulator off (defaults)', simulator: 'off', markers: MARKERS });
  process.stdout.write(`${JSON.stringify(idle)}\n`);

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, Chromium (SwiftShader), ${new Date().toISOString().slice(0, 10)}; 1-min load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end (a shared machine)`;
  await writeResultsSection(
    'bench:live',
    [
      '## Live path to the screens (`npm run bench:live`)',
      '',
      `Command: \`npm run bench:live\` (BENCH_LIVE_CLIENTS=${CLIENTS}, BENCH_LIVE_SECONDS=${FANOUT_SECONDS}, BENCH_LIVE_MARKERS=${MARKERS}). Machine: ${machine}.`,
      '',
      '### Detector event submitted → rendered in the browser',
      '',
      'A marker detector event for TJ01 every 2 s through `POST /ingest/v1/events` (ts = send time); the engineer view of TJ01 open in Chromium; latency = the animation frame after the view first shows a `sourceTs` ≥ the marker, minus the send time. Includes ingest commit, the engine (reorder window), the 2 Hz push limit, socket.io and Vue.',
      '',
      latencyTable(loaded, noWindow, idle),
      '',
      '### Fan-out: one server process, socket.io clients subscribed to `city`, a delta of all 18 intersections at 1 Hz',
      '',
      'Server and clients are separate processes on the same machine (the clients\' CPU is not counted).',
      '',
      fanoutTable(socketio, ws),
    ].join('\n'),
  );
}
