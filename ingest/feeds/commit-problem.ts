/**
 * How a failed commit is reported to a sender, the same on every transport.
 */
import { Errors, problem, type ZhiduError } from '../../services/contracts/errors.js';
import { IngestOverloadedError, IngestUnavailableError, IngestWriteError } from '../batcher.js';

/**
 * The problem a sender acts on: 503 (overloaded, database unavailable) means "send the
 * same records again after Retry-After" — storage is idempotent; 500 means the database
 * refused these records for good.
 *
 * @throws the error itself when it is not a commit failure (a bug: the caller's error handler reports it).
 * @example reply with commitProblem(new IngestOverloadedError(250000)) // ZHIDU_ERR_OVERLOADED, retryAfterS 1
 */
export function commitProblem(error: unknown): ZhiduError {
  if (error instanceof IngestOverloadedError) return problem(Errors.OVERLOADED, error.message, { retryAfterS: error.retryAfterS });
  if (error instanceof IngestUnavailableError) return problem(Errors.UNAVAILABLE, error.message, { retryAfterS: error.retryAfterS });
  if (error instanceof IngestWriteError) return problem(Errors.INTERNAL, 'the database refused these records; see the server log');
  throw error;
}
