/**
 * The built-in traffic simulator (DESIGN §13 `simulations/sim`): a seeded mesoscopic model of a
 * network's vehicles, queues, signals and detectors that produces controller high-resolution
 * events, aggregated detector samples and ground truth.
 */
export { createSimulation, DEFAULT_MODEL, DEFAULT_WARM_UP_S, type Simulation } from './simulation.js';
export { SimulationInputError } from './errors.js';
export { summarizeTruth, networkMeanDelayS, type TruthSummary } from './truth-summary.js';
export type * from './types.js';
