/**
 * The proof in simulation (issue 8, DESIGN §8): on the showcase network's AM peak, the plans the
 * product suggests from measured data — the simulator's events through the engine's shards,
 * the 15-minute window the jobs read, corridor priority at shared intersections, each
 * suggestion approved and exported as an engineer would — cut the network's mean control
 * delay, by the simulator's ground truth with the same seed, by at least 15 %.
 * `npm run bench -- timing` runs the same and records the table in bench/RESULTS.md.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatNetworkFaults, type Network } from '../../geo/network/load-network.js';
import { checkPlan } from '../../geo/network/plan-rules.js';
import { readNetworkFile, SHOWCASE_NETWORK_PATH } from '../../geo/network/read-network-file.js';
import { proofTable, proveSuggestions, type ProofResult } from '../fixtures/timing/suggestion-proof.js';

const SEED = 20261127;
let network: Network;
let proof: ProofResult;

beforeAll(async () => {
  const loaded = await readNetworkFile(SHOWCASE_NETWORK_PATH);
  if (!loaded.ok) throw new Error(formatNetworkFaults(loaded.faults));
  network = loaded.network;
  proof = await proveSuggestions(network, { seed: SEED });
  process.stdout.write(`\ntiming proof, AM peak, seed ${SEED} (${JSON.stringify(proof.timingsMs)} ms)\n${proofTable(proof)}\n`);
}, 180_000);

describe('suggested plans in the simulator (showcase AM peak)', () => {
  it('cut the network mean control delay by at least 15 % against the shipped plans, same seed', () => {
    expect(proof.network.beforeS).toBeGreaterThan(0);
    expect(proof.network.changePct).toBeLessThanOrEqual(-15);
  });

  it('came from the product’s own runs: corridors first, then intersections, each exported as a new plan version', () => {
    const corridorRuns = proof.runs.filter((r) => r.kind === 'corridor');
    expect(corridorRuns.map((r) => r.targetId)).toEqual(network.corridors.map((c) => c.id));
    expect(proof.runs.filter((r) => r.kind === 'intersection')).toHaveLength(18);
    expect(corridorRuns.filter((r) => r.outcome === 'proposed').length).toBeGreaterThanOrEqual(3);
    for (const r of proof.runs) expect(r.window).toEqual(proof.window);
    expect(proof.exported.every((s) => s.status === 'exported')).toBe(true);
    for (const s of proof.exported) for (const p of s.plans) expect(checkPlan(p.plan), `${s.targetId} ${p.intersectionId}`).toEqual([]);
    const retimed = proof.intersections.filter((i) => i.version > 1);
    expect(retimed.length).toBeGreaterThanOrEqual(12);
  });

  it('held every shared intersection at the plan its owning corridor exported', () => {
    // TJ01, TJ02 and TJ06 belong to nanjing-rd (listed first); TJ15 to dagu-rd.
    const nanjing = proof.exported.find((s) => s.targetId === 'nanjing-rd');
    expect(nanjing?.intersectionIds).toEqual(expect.arrayContaining(['TJ01', 'TJ02', 'TJ06']));
    for (const s of proof.exported.filter((x) => x.kind === 'corridor' && x.targetId !== 'nanjing-rd')) {
      expect(s.intersectionIds).not.toContain('TJ01');
      expect(s.intersectionIds).not.toContain('TJ02');
      expect(s.intersectionIds).not.toContain('TJ06');
    }
  });
});
