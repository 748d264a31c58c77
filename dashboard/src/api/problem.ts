/**
 * Errors the dashboard shows. Server errors arrive as problem+json (RFC 9457) with a
 * stable `code` from `services/contracts/errors.ts`; the dashboard translates the code,
 * never the server's message text. Failures that never reached the server get client codes.
 */
import type { ErrorCode, FieldProblem } from '../../../services/contracts/errors.js';

/** Problems detected in the browser, not by the server. */
export const CLIENT_ERROR_CODES = ['ZHIDU_CLIENT_OFFLINE', 'ZHIDU_CLIENT_BAD_RESPONSE', 'ZHIDU_CLIENT_SESSION_ENDED'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** Every code the dashboard can show a message for. */
export type ProblemCode = ErrorCode | ClientErrorCode;

/** A failed API call, by catalogued code. */
export class ApiProblem extends Error {
  readonly code: ProblemCode | string;
  readonly status: number;
  /** The server's detail (logged, shown only as secondary text for support). */
  readonly detail: string;
  readonly fields: readonly FieldProblem[];
  readonly retryAfterS: number | undefined;
  readonly requestId: string | undefined;

  constructor(init: { code: string; status: number; detail?: string; fields?: FieldProblem[]; retryAfterS?: number; requestId?: string }) {
    super(`${init.code}${init.detail ? `: ${init.detail}` : ''}`);
    this.name = 'ApiProblem';
    this.code = init.code;
    this.status = init.status;
    this.detail = init.detail ?? '';
    this.fields = init.fields ?? [];
    this.retryAfterS = init.retryAfterS;
    this.requestId = init.requestId;
  }
}

interface ProblemBody {
  code?: unknown;
  detail?: unknown;
  errors?: unknown;
  retryAfterS?: unknown;
  requestId?: unknown;
}

function fieldProblems(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((entry): entry is { field: unknown; reason: unknown; line?: unknown } => typeof entry === 'object' && entry !== null)
    .map((entry) => ({
      field: String(entry.field ?? ''),
      reason: String(entry.reason ?? ''),
      ...(typeof entry.line === 'number' ? { line: entry.line } : {}),
    }));
}

/**
 * Reads a failed response into an `ApiProblem`. Bodies that are not problem+json (a proxy's
 * HTML error page, an empty 502) still give a usable code from the status.
 *
 * @example throw await problemFromResponse(response);
 */
export async function problemFromResponse(response: Response): Promise<ApiProblem> {
  let body: ProblemBody = {};
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      body = (await response.json()) as ProblemBody;
    } catch {
      body = {};
    }
  }
  const retryHeader = Number(response.headers.get('retry-after'));
  return new ApiProblem({
    code: typeof body.code === 'string' ? body.code : codeOfStatus(response.status),
    status: response.status,
    detail: typeof body.detail === 'string' ? body.detail : response.statusText,
    fields: fieldProblems(body.errors),
    ...(typeof body.retryAfterS === 'number' ? { retryAfterS: body.retryAfterS } : Number.isFinite(retryHeader) && retryHeader > 0 ? { retryAfterS: retryHeader } : {}),
    ...(typeof body.requestId === 'string' ? { requestId: body.requestId } : {}),
  });
}

/**
 * The catalogued code a bare HTTP status stands for.
 *
 * @example codeOfStatus(503) // 'ZHIDU_ERR_UNAVAILABLE'
 */
export function codeOfStatus(status: number): ProblemCode {
  if (status === 400) return 'ZHIDU_ERR_VALIDATION';
  if (status === 401) return 'ZHIDU_ERR_UNAUTHENTICATED';
  if (status === 403) return 'ZHIDU_ERR_FORBIDDEN';
  if (status === 404) return 'ZHIDU_ERR_NOT_FOUND';
  if (status === 409) return 'ZHIDU_ERR_CONFLICT';
  if (status === 413) return 'ZHIDU_ERR_PAYLOAD_TOO_LARGE';
  if (status === 415) return 'ZHIDU_ERR_UNSUPPORTED_MEDIA_TYPE';
  if (status === 422) return 'ZHIDU_ERR_UNPROCESSABLE';
  if (status === 429) return 'ZHIDU_ERR_RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'ZHIDU_ERR_UNAVAILABLE';
  if (status >= 500) return 'ZHIDU_ERR_INTERNAL';
  return 'ZHIDU_CLIENT_BAD_RESPONSE';
}

/**
 * Any thrown value as an `ApiProblem` (fetch's TypeError means the server was not reached).
 *
 * @example asProblem(new TypeError('Failed to fetch')).code // 'ZHIDU_CLIENT_OFFLINE'
 */
export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof TypeError) return new ApiProblem({ code: 'ZHIDU_CLIENT_OFFLINE', status: 0, detail: error.message });
  return new ApiProblem({ code: 'ZHIDU_CLIENT_BAD_RESPONSE', status: 0, detail: error instanceof Error ? error.message : String(error) });
}
