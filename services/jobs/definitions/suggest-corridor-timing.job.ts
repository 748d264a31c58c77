/**
 * Timing suggestion for one corridor (DESIGN §8): common cycle, splits and offsets of its
 * intersections under the corridor priority rule; every 15 minutes per corridor and on demand.
 */
import { Type } from '@sinclair/typebox';
import type { TimingService } from '../../timing/index.js';
import { defineJob } from '../job-definition.js';
import type { JobHandler } from '../runner.js';
import { TimingRunFields } from './suggest-timing.job.js';
import { asJobError } from './timing-job-errors.js';

export const suggestCorridorTimingJob = defineJob(
  'suggest-corridor-timing',
  Type.Object({ corridorId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' }), ...TimingRunFields }, { additionalProperties: false }),
  { attempts: 4, backoffMs: 5_000, concurrency: 1 },
);

/**
 * @example runner.register(suggestCorridorTimingJob, suggestCorridorTimingHandler(timing));
 */
export function suggestCorridorTimingHandler(timing: Pick<TimingService, 'runner'>): JobHandler<typeof suggestCorridorTimingJob> {
  return async ({ corridorId, ...request }) => {
    try {
      await timing.runner.runCorridor(corridorId, request);
    } catch (error) {
      throw asJobError(error, `corridor ${corridorId}`);
    }
  };
}
