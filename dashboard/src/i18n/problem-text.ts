/**
 * What an operator reads for a failed call: the translated message of its code,
 * each offending field, when to retry, and the request id for support.
 */
import type { ApiProblem } from '../api/problem.js';
import { CLIENT_ERROR_CODES } from '../api/problem.js';
import en from './en.json' with { type: 'json' };
import { errorKey } from './keys.js';

type Translate = (key: string, values?: Record<string, unknown>) => string;

const KNOWN_CODES = new Set<string>([...Object.keys(en.errors).filter((key) => key.startsWith('ZHIDU_ERR_')), ...CLIENT_ERROR_CODES]);

/**
 * Lines to show for a problem: the message first, then details.
 *
 * @example problemLines(problem, t) // ['提交的内容有误，请检查后重试', '/body/note：must NOT have more than 500 characters']
 */
export function problemLines(problem: ApiProblem, t: Translate): string[] {
  const lines = [KNOWN_CODES.has(problem.code) ? t(errorKey(problem.code as Parameters<typeof errorKey>[0])) : t('errors.unknown', { code: problem.code })];
  for (const field of problem.fields) lines.push(t('errors.field', { field: field.field, reason: field.reason }));
  if (problem.retryAfterS !== undefined) lines.push(t('errors.retryAfter', { s: Math.ceil(problem.retryAfterS) }));
  if (problem.requestId && problem.status >= 500) lines.push(t('errors.requestId', { id: problem.requestId }));
  return lines;
}
