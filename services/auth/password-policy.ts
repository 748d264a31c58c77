/**
 * The password policy, pure: length in characters (code points, so 12 Chinese
 * characters count as 12) and not the user's own name. Longer is better than
 * "complex": NIST SP 800-63B §5.1.1.2 asks for length and a block-list, not
 * composition rules.
 */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../contracts/auth.js';
import type { FieldProblem } from '../contracts/errors.js';

export interface PasswordPolicyOptions {
  /** The account's login name: the password may not equal it (case-insensitive). */
  userName: string;
  /** Field reported in problems (e.g. `/body/password`). */
  field?: string;
  minLength?: number;
  maxLength?: number;
}

/**
 * Every way a password breaks the policy; empty when it is acceptable.
 *
 * @example passwordProblems('li.wei', { userName: 'li.wei' })
 *   // [{ field: '/body/password', reason: 'must be at least 12 characters' },
 *   //  { field: '/body/password', reason: 'must not be the user name' }]
 */
export function passwordProblems(password: string, options: PasswordPolicyOptions): FieldProblem[] {
  const field = options.field ?? '/body/password';
  const minLength = options.minLength ?? PASSWORD_MIN_LENGTH;
  const maxLength = options.maxLength ?? PASSWORD_MAX_LENGTH;
  const characters = [...password];
  const problems: FieldProblem[] = [];
  if (characters.length < minLength) problems.push({ field, reason: `must be at least ${minLength} characters` });
  if (characters.length > maxLength) problems.push({ field, reason: `must be at most ${maxLength} characters` });
  const normalised = password.trim().toLowerCase();
  if (normalised === options.userName.trim().toLowerCase()) problems.push({ field, reason: 'must not be the user name' });
  if (characters.length > 0 && new Set(characters).size === 1) problems.push({ field, reason: 'must not repeat one character' });
  return problems;
}
