/**
 * Bad simulator input: every fault found, each with the path of the offending option
 * (`plans.TJ01.phases[2].splitS`, `incidents[0].lane`) and the reason, as network faults are reported.
 */
import type { NetworkFault } from '../../geo/network/fault.js';

export class SimulationInputError extends Error {
  override readonly name = 'SimulationInputError';

  constructor(readonly faults: readonly NetworkFault[]) {
    super(`invalid simulation input:\n${faults.map((f) => `${f.path || '(options)'}: ${f.reason}`).join('\n')}`);
  }
}
