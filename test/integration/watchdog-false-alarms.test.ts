/**
 * The detector watchdog (DESIGN §7, as refined in services/engine/health) on the built-in
 * simulator with no fault injected: every detector works, so every fault it opens is a
 * false alarm on the command-centre wall. A quiet night and a midday hour must open none;
 * at the AM peak, with queues standing over loops and spillback, no loop that has a partner
 * loop in its lane may be called stuck (the partner witnesses the queue). What remains there
 * are stop bars without a partner under a vehicle blocked by a full next link, which no
 * single loop can tell from a short (reported, not asserted).
 */
import { describe, expect, it } from 'vitest';
import type { Network } from '../../geo/network/load-network.js';
import { readNetworkFile, SHOWCASE_NETWORK_PATH } from '../../geo/network/read-network-file.js';
import type { DetectorStatusChange } from '../../services/engine/health/detector-health.js';
import { buildLayout } from '../../services/engine/shard/intersection-layout.js';
import { IntersectionShard } from '../../services/engine/shard/intersection-shard.js';
import { createSimulation } from '../../simulations/sim/index.js';
import type { ScenarioName } from '../../simulations/scenarios/profiles.js';
import { byIntersection } from '../helpers/by-intersection.js';

/** 2026-11-27 00:00 Asia/Shanghai. */
const DAY = Date.UTC(2026, 10, 26, 16, 0);
const HOUR_MS = 3_600_000;

async function showcase(): Promise<Network> {
  const loaded = await readNetworkFile(SHOWCASE_NETWORK_PATH);
  if (!loaded.ok) throw new Error('showcase network invalid');
  return loaded.network;
}

/** Faults the watchdog opens over `hours` of the scenario (after the simulator's warm-up), 30 s chunks. */
function faultsOpened(network: Network, scenario: ScenarioName, startTs: number, hours = 1): DetectorStatusChange[] {
  const sim = createSimulation({ network, scenario, seed: 7, startTs });
  const shards = new Map(network.intersections.map((i) => [i.id, new IntersectionShard(i, buildLayout(i, i.plan), { reorderWindowMs: 3000 }, startTs)]));
  const opened: DetectorStatusChange[] = [];
  for (let t = startTs + 30_000; t <= startTs + hours * HOUR_MS; t += 30_000) {
    const chunk = sim.advanceTo(t);
    const parts = byIntersection(chunk.events, chunk.samples);
    for (const [id, shard] of shards) {
      const step = shard.accept(parts.get(id)?.events ?? [], undefined, parts.get(id)?.samples ?? []);
      opened.push(...step.outputs.detectorChanges.filter((c) => c.faults.includes(c.cause)));
    }
  }
  return opened;
}

describe('detector watchdog on fault-free simulated traffic', () => {
  it('opens no fault in a night hour nor in a midday hour', async () => {
    const network = await showcase();
    expect(faultsOpened(network, 'night', DAY + 2 * HOUR_MS)).toEqual([]);
    expect(faultsOpened(network, 'midday', DAY + 12 * HOUR_MS)).toEqual([]);
  }, 60_000);

  it('calls no loop with a lane partner stuck at the AM peak, queues over the loops notwithstanding', async () => {
    const opened = faultsOpened(await showcase(), 'am-peak', DAY + 7 * HOUR_MS, 2);
    const stuck = opened.filter((c) => c.cause === 'stuck-on');
    console.log(`AM peak 07:00–09:00: ${opened.length} faults opened — ${opened.map((c) => `${c.detectorId} ${c.cause}${c.cause === 'stuck-on' ? ` (${String(c.details.kind)})` : ''}`).join(', ') || 'none'}`);
    expect(stuck.filter((c) => c.details.kind !== 'no-witness')).toEqual([]);
    expect(opened.length).toBeLessThan(25);
  }, 60_000);
});
