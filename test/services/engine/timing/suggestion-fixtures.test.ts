/**
 * Regression fixtures: whole suggestions for showcase cases that taught the optimiser something,
 * compared field by field with `test/fixtures/timing/out/*.json`. `UPDATE_FIXTURES=1` rewrites
 * them; check the diff by hand before committing (the numbers are the optimiser's reasoning).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatNetworkFaults, type Network, type ResolvedIntersection } from '../../../../geo/network/load-network.js';
import { readNetworkFile, SHOWCASE_NETWORK_PATH } from '../../../../geo/network/read-network-file.js';
import { optimiseIntersection } from '../../../../services/engine/timing/optimise-intersection.js';
import { showcaseAmDemand } from './timing-fixtures.js';

const OUT = (name: string) => fileURLToPath(new URL(`../../../../test/fixtures/timing/out/${name}.json`, import.meta.url));

let network: Network;
beforeAll(async () => {
  const result = await readNetworkFile(SHOWCASE_NETWORK_PATH);
  if (!result.ok) throw new Error(formatNetworkFaults(result.faults));
  network = result.network;
});

function matchFixture(name: string, value: unknown): void {
  const path = OUT(name);
  const actual = JSON.parse(JSON.stringify(value)) as unknown;
  if (process.env.UPDATE_FIXTURES === '1' || !existsSync(path)) writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
  expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}

describe('suggestion fixtures', () => {
  it('TJ13: minimum greens starve the Webster cycle; the cycle grows until no movement is over 0.95', () => {
    // Webster wants 60 s (Y = 0.47), but phase 4's pedestrian time and phase 5's minimum leave phase 6
    // (E through, 1,426 veh/h on 3 lanes) at X = 1.06; 65 s brings every movement under 0.95.
    const tj13 = network.intersections.find((i) => i.id === 'TJ13') as ResolvedIntersection;
    const s = optimiseIntersection(tj13, showcaseAmDemand(tj13));
    expect(s.flags).toContainEqual(expect.objectContaining({ code: 'cycle-lengthened-for-delay', fromS: 60, toS: 65 }));
    matchFixture('minimums-starve-webster-cycle-tj13', s);
  });

  it('TJ04: a three-leg junction (one phase in ring 2 between barriers) with a pedestrian-bound side street', () => {
    const tj04 = network.intersections.find((i) => i.id === 'TJ04') as ResolvedIntersection;
    const s = optimiseIntersection(tj04, showcaseAmDemand(tj04));
    expect(s.decision.propose).toBe(true);
    matchFixture('three-leg-pedestrian-bound-tj04', s);
  });
});
