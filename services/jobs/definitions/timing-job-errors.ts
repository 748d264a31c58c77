/**
 * Which failures of a timing run a retry can fix. Input the product refused (a catalogued 4xx:
 * unknown target, unusable geometry, a bad window) and optimiser input errors (a stored plan or
 * demand that breaks the rules) fail for good; anything else — the database, the network — is
 * transient and retried with backoff.
 */
import { TimingInputError } from '../../engine/timing/demand.js';
import { UnrecoverableError } from '../job-definition.js';

/**
 * @example throw asJobError(error, 'intersection TJ01');
 */
export function asJobError(error: unknown, what: string): unknown {
  if (error instanceof TimingInputError) return new UnrecoverableError(`timing input for ${what} is unusable: ${error.message}`);
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new UnrecoverableError(`timing run for ${what} refused: ${(error as Error).message}`);
  return error;
}
