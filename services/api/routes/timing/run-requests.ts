/**
 * On-demand timing runs (DESIGN §8 "and on demand"): the API checks the target and queues the
 * same job the schedule runs, so an engineer's click takes the same path, retries and metrics.
 * A second click while the first is still queued is the same job (deduplicated by its id).
 */
import type { NetworkIndex } from '../../../../geo/network/network-index.js';
import { Errors, problem } from '../../../contracts/errors.js';
import type { RunAccepted, RunRequest } from '../../../contracts/timing.js';
import { suggestCorridorTimingJob } from '../../../jobs/definitions/suggest-corridor-timing.job.js';
import { suggestTimingJob } from '../../../jobs/definitions/suggest-timing.job.js';
import type { JobRunner } from '../../../jobs/runner.js';
import { lastClosedQuarter, windowEndingAt } from '../../../timing/index.js';

/**
 * @throws {ZhiduError} UNKNOWN_INTERSECTION / NOT_FOUND for an unknown target, VALIDATION for a bad window.
 * @example await requestRun(jobs, network, { corridorId: 'nanjing-rd' }, 'wang', Date.now()) // { jobId: 'on-demand:corridor:nanjing-rd:…', ... }
 */
export async function requestRun(jobs: JobRunner, network: NetworkIndex, request: RunRequest, requestedBy: string, nowMs: number): Promise<RunAccepted> {
  const window = request.windowTo === undefined ? lastClosedQuarter(nowMs) : windowEndingAt(request.windowTo);
  const fields = { trigger: 'on-demand' as const, requestedBy, ...(request.windowTo === undefined ? {} : { windowTo: request.windowTo }) };
  if ('intersectionId' in request) {
    if (!network.intersections.has(request.intersectionId)) {
      throw problem(Errors.UNKNOWN_INTERSECTION, request.intersectionId, { errors: [{ field: '/body/intersectionId', reason: 'not in the network' }] });
    }
    const jobId = `on-demand:intersection:${request.intersectionId}:${window.to}`;
    await jobs.enqueue(suggestTimingJob, { intersectionId: request.intersectionId, ...fields }, { jobId });
    return { jobId, job: suggestTimingJob.name, kind: 'intersection', targetId: request.intersectionId };
  }
  if (!network.corridors.has(request.corridorId)) {
    throw problem(Errors.NOT_FOUND, `corridor ${request.corridorId}`, { errors: [{ field: '/body/corridorId', reason: 'not in the network' }] });
  }
  const jobId = `on-demand:corridor:${request.corridorId}:${window.to}`;
  await jobs.enqueue(suggestCorridorTimingJob, { corridorId: request.corridorId, ...fields }, { jobId });
  return { jobId, job: suggestCorridorTimingJob.name, kind: 'corridor', targetId: request.corridorId };
}
