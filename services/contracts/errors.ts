/**
 * The error catalogue (CONVENTIONS 7): stable codes that HTTP bodies
 * (application/problem+json, RFC 9457), socket.io errors and job failures carry.
 * The dashboard translates by code, never by message text.
 */
import createError from '@fastify/error';

/** One offending field of a request or record. */
export interface FieldProblem {
  /** JSON pointer or dotted path of the field (`/body/from`, `records[3].ts`). */
  field: string;
  reason: string;
  /** 1-based line of the record in an NDJSON/CSV body, when it has one. */
  line?: number;
}

/** Extension members Zhidu adds to a problem body. */
export interface ProblemExtras {
  errors?: FieldProblem[];
  /** Seconds after which a retry may succeed (sent as `Retry-After` too). */
  retryAfterS?: number;
  [member: string]: unknown;
}

const define = <C extends string, S extends number>(code: C, message: string, status: S, title: string) =>
  createError.createRFC9457Error<C, S, [string?]>(code, message, status, { type: `urn:zhidu:problem:${code}`, title });

/** Every error the product reports, by stable code. Messages take one `%s` detail. */
export const Errors = {
  VALIDATION: define('ZHIDU_ERR_VALIDATION', 'Invalid request: %s', 400, 'Invalid request'),
  RANGE_TOO_LARGE: define('ZHIDU_ERR_RANGE_TOO_LARGE', 'The requested range is too large: %s', 400, 'Range too large'),
  UNAUTHENTICATED: define('ZHIDU_ERR_UNAUTHENTICATED', 'Authentication required: %s', 401, 'Authentication required'),
  FORBIDDEN: define('ZHIDU_ERR_FORBIDDEN', 'Not allowed: %s', 403, 'Forbidden'),
  NOT_FOUND: define('ZHIDU_ERR_NOT_FOUND', 'Not found: %s', 404, 'Not found'),
  UNKNOWN_INTERSECTION: define('ZHIDU_ERR_UNKNOWN_INTERSECTION', 'Unknown intersection: %s', 404, 'Unknown intersection'),
  CONFLICT: define('ZHIDU_ERR_CONFLICT', 'Conflict: %s', 409, 'Conflict'),
  PLAN_CONFLICT: define('ZHIDU_ERR_PLAN_CONFLICT', 'Timing plan conflict: %s', 409, 'Timing plan conflict'),
  PAYLOAD_TOO_LARGE: define('ZHIDU_ERR_PAYLOAD_TOO_LARGE', 'Payload too large: %s', 413, 'Payload too large'),
  UNSUPPORTED_MEDIA_TYPE: define('ZHIDU_ERR_UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type: %s', 415, 'Unsupported media type'),
  UNPROCESSABLE: define('ZHIDU_ERR_UNPROCESSABLE', 'Nothing usable in the request: %s', 422, 'Unprocessable content'),
  RATE_LIMITED: define('ZHIDU_ERR_RATE_LIMITED', 'Too many requests: %s', 429, 'Too many requests'),
  OVERLOADED: define('ZHIDU_ERR_OVERLOADED', 'Busy, retry later: %s', 503, 'Overloaded'),
  UNAVAILABLE: define('ZHIDU_ERR_UNAVAILABLE', 'Service unavailable: %s', 503, 'Service unavailable'),
  INTERNAL: define('ZHIDU_ERR_INTERNAL', 'Internal error: %s', 500, 'Internal error'),
} as const;

export type ErrorCode = ReturnType<(typeof Errors)[keyof typeof Errors]>['code'];

/** A catalogued error plus its problem extension members. */
export type ZhiduError = ReturnType<(typeof Errors)[keyof typeof Errors]> & { extras?: ProblemExtras };

/**
 * Builds a catalogued error carrying field problems or a retry hint.
 *
 * @example throw problem(Errors.VALIDATION, 'from must precede to', { errors: [{ field: '/query/from', reason: 'after to' }] });
 */
export function problem(kind: (typeof Errors)[keyof typeof Errors], detail: string, extras?: ProblemExtras): ZhiduError {
  const error = new kind(detail) as ZhiduError;
  if (extras) error.extras = extras;
  return error;
}

/** Every catalogued code, for documentation and the dashboard's translation test. */
export const ERROR_CODES: readonly ErrorCode[] = Object.values(Errors).map((kind) => new kind('').code) as ErrorCode[];
