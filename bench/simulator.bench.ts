/**
 * Simulator speed (issue 5): one simulated hour of the whole showcase network (18
 * intersections, AM peak, the heaviest scenario) on one core, fixed-time and actuated.
 *
 * Reported: wall time, events per second, speed-up over real time, and the ratio to a baseline
 * measured side by side — creating the same number of event objects with random times and
 * sorting them the way the simulator orders its output — so the figure says how much the
 * traffic model costs beyond merely producing its output.
 *
 * Run: `npm run bench -- simulator` (the median of 3 runs is reported).
 */
import { readNetworkFile, SHOWCASE_NETWORK_PATH } from '../geo/network/read-network-file.js';
import type { ControllerEvent } from '../services/contracts/records.js';
import { randomStream } from '../simulations/sim/rng.js';
import { createSimulation } from '../simulations/sim/simulation.js';
import type { ControllerMode } from '../simulations/sim/types.js';

const RUNS = 3;
const HOUR_S = 3600;
const START = Date.parse('2026-11-27T07:00:00+08:00');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Baseline: build `count` events with random times over an hour and sort them like the simulator. */
function baselineMs(count: number): number {
  const stream = randomStream(1, 'bench-baseline');
  const started = performance.now();
  const events: ControllerEvent[] = [];
  for (let i = 0; i < count; i++) {
    events.push({ intersectionId: `TJ${1 + Math.floor(stream.next() * 18)}`, ts: START + Math.floor(stream.next() * HOUR_S * 1000), code: 81 + (i % 2), param: 1 + (i % 32) });
  }
  events.sort((a, b) => a.ts - b.ts || (a.intersectionId < b.intersectionId ? -1 : a.intersectionId > b.intersectionId ? 1 : 0) || a.code - b.code || a.param - b.param);
  return performance.now() - started;
}

export async function run(): Promise<void> {
  const loaded = await readNetworkFile(SHOWCASE_NETWORK_PATH);
  if (!loaded.ok) throw new Error('the showcase network does not load');
  const network = loaded.network;
  const lines: string[] = [];
  for (const mode of ['fixed', 'actuated'] as ControllerMode[]) {
    const times: number[] = [];
    let events = 0;
    let samples = 0;
    let vehicles = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const sim = createSimulation({ network, scenario: 'am-peak', seed: 20261127 + i, startTs: START, controllerMode: mode });
      const chunk = sim.runFor(HOUR_S);
      times.push(performance.now() - started);
      events = chunk.events.length;
      samples = chunk.samples.length;
      vehicles = sim.totals().vehiclesEntered;
    }
    const wallMs = median(times);
    const baseline = median(Array.from({ length: RUNS }, () => baselineMs(events)));
    lines.push(
      `${mode.padEnd(8)} wall ${(wallMs / 1000).toFixed(2)} s for 1 h (+10 min warm-up) · ${vehicles} vehicles entered · ` +
        `${events} events + ${samples} samples · ${Math.round(events / (wallMs / 1000))} events/s · ` +
        `${Math.round((HOUR_S * 1000) / wallMs)}× real time · baseline (create + sort the same events) ${baseline.toFixed(0)} ms → ` +
        `model costs ${(wallMs / baseline).toFixed(1)}× the baseline`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
