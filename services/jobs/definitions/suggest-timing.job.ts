/**
 * Timing suggestion for one intersection (DESIGN §8): every 15 minutes per intersection and on
 * demand from the API. Bad input — an unknown intersection, a stored plan or demand the
 * optimiser cannot use — fails for good (`UnrecoverableError`); database trouble is retried
 * with backoff.
 */
import { Type } from '@sinclair/typebox';
import type { TimingService } from '../../timing/index.js';
import { defineJob } from '../job-definition.js';
import type { JobHandler } from '../runner.js';
import { asJobError } from './timing-job-errors.js';

export const TIMING_RUN_EVERY_MS = 15 * 60_000;

const TargetId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
/** Shared by the intersection and corridor jobs. */
export const TimingRunFields = {
  trigger: Type.Union([Type.Literal('schedule'), Type.Literal('on-demand')]),
  /** End of the measured window, epoch ms on a whole minute (default: the last closed quarter hour). */
  windowTo: Type.Optional(Type.Integer({ minimum: 0, multipleOf: 60_000 })),
  /** The engineer who asked (on-demand). */
  requestedBy: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
};

export const suggestTimingJob = defineJob('suggest-timing', Type.Object({ intersectionId: TargetId, ...TimingRunFields }, { additionalProperties: false }), {
  attempts: 4,
  backoffMs: 5_000,
  concurrency: 2,
});

/**
 * @example runner.register(suggestTimingJob, suggestTimingHandler(timing));
 */
export function suggestTimingHandler(timing: Pick<TimingService, 'runner'>): JobHandler<typeof suggestTimingJob> {
  return async ({ intersectionId, ...request }) => {
    try {
      await timing.runner.runIntersection(intersectionId, request);
    } catch (error) {
      throw asJobError(error, `intersection ${intersectionId}`);
    }
  };
}
