/**
 * Timing suggestions as a product (DESIGN §8): the runs the jobs start, the engineers' review,
 * plan versions and their files. Orchestration with I/O over the pure optimiser of
 * services/engine/timing; routes and job handlers call it. Uses: engine/timing, store, auth
 * (audit), contracts.
 */
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { NetworkIndex } from '../../geo/network/network-index.js';
import type { SuggestionNotice } from '../contracts/live.js';
import type { SqlPort } from '../store/port.js';
import { PlanVersions } from './plan-versions.service.js';
import { liveSuggestionPublisher } from './suggestion-notices.js';
import { SuggestionReview } from './suggestion-review.js';
import { SuggestionRunner, type SuggestionRunnerOptions } from './suggestion-runner.js';

export { PlanVersions } from './plan-versions.service.js';
export { SuggestionReview } from './suggestion-review.js';
export { SuggestionRunner, type RunRequest, type RunResult } from './suggestion-runner.js';
export { lastClosedQuarter, windowEndingAt, WINDOW_MS } from './suggestion-window.js';

export interface TimingService {
  runner: SuggestionRunner;
  review: SuggestionReview;
  plans: PlanVersions;
}

export interface TimingServiceDeps {
  store: SqlPort;
  network: NetworkIndex;
  logger: Logger;
  /** Counts runs by outcome and review transitions in /metrics when given. */
  registry?: Registry;
  /** Pushes suggestion changes live (`RunningSystem.live.publishSuggestion`). */
  publishSuggestion?: (notice: SuggestionNotice) => void;
  now?: () => number;
  options?: SuggestionRunnerOptions;
}

/**
 * @example const timing = createTimingService({ store, network, logger, registry, publishSuggestion: (n) => live.publishSuggestion(n) });
 */
export function createTimingService(deps: TimingServiceDeps): TimingService {
  const runs = deps.registry
    ? new Counter({ name: 'zhidu_timing_runs_total', help: 'Timing suggestion runs by kind and outcome', labelNames: ['kind', 'outcome'] as const, registers: [deps.registry] })
    : undefined;
  const transitions = deps.registry
    ? new Counter({ name: 'zhidu_timing_suggestion_transitions_total', help: 'Timing suggestions moved to a status by review or export', labelNames: ['to'] as const, registers: [deps.registry] })
    : undefined;
  const publish = liveSuggestionPublisher(deps.publishSuggestion, deps.now);
  return {
    runner: new SuggestionRunner({
      store: deps.store,
      network: deps.network,
      logger: deps.logger.child({ module: 'timing' }),
      publish,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.options ? { options: deps.options } : {}),
      observe: (result) => runs?.inc({ kind: result.kind, outcome: result.outcome }),
    }),
    review: new SuggestionReview({ store: deps.store, publish, observe: (to) => transitions?.inc({ to }) }),
    plans: new PlanVersions({ store: deps.store, network: deps.network }),
  };
}
