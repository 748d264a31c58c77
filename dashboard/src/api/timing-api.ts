/**
 * Timing suggestions and plan versions (DESIGN §8): list and read (every role), approve,
 * reject, export and run on demand (engineers, admins), and the plan files for the controller.
 */
import type { RunAccepted, RunStatus, Suggestion, SuggestionList, SuggestionStatus, PlanVersion, PlanVersionSummary } from '../../../services/contracts/timing.js';
import type { PlanDiff } from '../../../services/engine/timing/plan-diff.js';
import type { CurrentBand } from '../../../services/engine/timing/corridor/corridor-suggestion.js';
import type { TimeSpaceDiagram } from '../../../services/engine/timing/corridor/time-space.js';
import { http, session } from './index.js';
import { asProblem, problemFromResponse } from './problem.js';

const enc = encodeURIComponent;

/** `GET /api/v1/timing/suggestions` with filters. */
export function listSuggestions(filter: { status?: readonly SuggestionStatus[]; intersection?: string; corridor?: string; limit?: number } = {}): Promise<SuggestionList> {
  return http.get<SuggestionList>('/api/v1/timing/suggestions', {
    query: { status: filter.status, intersection: filter.intersection, corridor: filter.corridor, limit: filter.limit ?? 50 },
  });
}

export function getSuggestion(id: string): Promise<Suggestion> {
  return http.get<Suggestion>(`/api/v1/timing/suggestions/${enc(id)}`);
}

export function approveSuggestion(id: string, comment?: string): Promise<Suggestion> {
  return http.post<Suggestion>(`/api/v1/timing/suggestions/${enc(id)}/approve`, { body: comment ? { comment } : {} });
}

export function rejectSuggestion(id: string, comment: string): Promise<Suggestion> {
  return http.post<Suggestion>(`/api/v1/timing/suggestions/${enc(id)}/reject`, { body: { comment } });
}

export function exportSuggestion(id: string): Promise<Suggestion> {
  return http.post<Suggestion>(`/api/v1/timing/suggestions/${enc(id)}/export`);
}

/** Queues a run now (engineers); the outcome arrives as a suggestion notice or in `listRuns`. */
export function requestRun(target: { intersectionId: string } | { corridorId: string }): Promise<RunAccepted> {
  return http.post<RunAccepted>('/api/v1/timing/runs', { body: target });
}

export function listRuns(filter: { intersection?: string; corridor?: string }): Promise<{ items: RunStatus[] }> {
  return http.get<{ items: RunStatus[] }>('/api/v1/timing/runs', { query: filter });
}

export function listPlanVersions(intersectionId: string): Promise<{ items: PlanVersionSummary[] }> {
  return http.get<{ items: PlanVersionSummary[] }>(`/api/v1/timing/plans/${enc(intersectionId)}/versions`);
}

export function getPlanVersion(intersectionId: string, version: number): Promise<PlanVersion> {
  return http.get<PlanVersion>(`/api/v1/timing/plans/${enc(intersectionId)}/versions/${version}`);
}

export function diffPlanVersions(intersectionId: string, from: number, to: number): Promise<{ from: PlanVersion; to: PlanVersion; diff: PlanDiff }> {
  return http.get(`/api/v1/timing/plans/${enc(intersectionId)}/diff`, { query: { from, to } });
}

export interface CorridorTimeSpace {
  corridorId: string;
  progressionSpeedKmh: number;
  planVersions: Record<string, number>;
  band: CurrentBand;
  diagram: TimeSpaceDiagram | null;
}

export function corridorTimeSpace(corridorId: string): Promise<CorridorTimeSpace> {
  return http.get<CorridorTimeSpace>(`/api/v1/timing/corridors/${enc(corridorId)}/time-space`);
}

/**
 * Downloads a plan version as JSON or CSV (engineers): fetched with the bearer token (a plain
 * link would carry none), then saved through an object URL.
 */
export async function downloadPlanFile(intersectionId: string, version: number, format: 'json' | 'csv'): Promise<void> {
  const url = `/api/v1/timing/plans/${enc(intersectionId)}/versions/${version}/export?format=${format}`;
  const fetchOnce = () => fetch(url, { headers: { authorization: `Bearer ${session.accessToken() ?? ''}` }, credentials: 'same-origin' });
  try {
    let response = await fetchOnce();
    if (response.status === 401 && (await session.renew())) response = await fetchOnce();
    if (!response.ok) throw await problemFromResponse(response);
    const blob = await response.blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${intersectionId}-plan-v${version}.${format}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  } catch (error) {
    throw asProblem(error);
  }
}
