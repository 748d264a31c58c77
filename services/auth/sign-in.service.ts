/**
 * Signing in with a name and password, and changing one's own password. Throttled
 * per account and per address before the password is looked at; unknown names cost
 * the same argon2 verification as wrong passwords, so neither timing nor answer tells
 * which names exist.
 */
import type { LoginRequest, UserSummary } from '../contracts/auth.js';
import { Errors, problem } from '../contracts/errors.js';
import type { UserPrincipal } from '../contracts/identity.js';
import type { SqlPort } from '../store/port.js';
import { findUserById, findUserByName, setPasswordHash } from '../store/repositories/user.repository.js';
import type { Auditor } from './audit.js';
import type { AuthMetrics } from './auth-metrics.js';
import type { LoginThrottle } from './login-throttle.service.js';
import { hashForUnknownUser, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { passwordProblems } from './password-policy.js';
import type { ClientInfo, IssuedSession, SessionService } from './session.service.js';
import { userSummary } from './user-views.js';

const WRONG_CREDENTIALS = 'wrong name or password';

export class SignInService {
  readonly #store: SqlPort;
  readonly #sessions: SessionService;
  readonly #throttle: LoginThrottle;
  readonly #metrics: AuthMetrics;

  constructor(store: SqlPort, deps: { sessions: SessionService; throttle: LoginThrottle; metrics: AuthMetrics }) {
    this.#store = store;
    this.#sessions = deps.sessions;
    this.#throttle = deps.throttle;
    this.#metrics = deps.metrics;
  }

  /**
   * @throws ZHIDU_ERR_RATE_LIMITED (with retryAfterS) while throttled — even for the right
   *   password, so a lockout cannot be probed; ZHIDU_ERR_UNAUTHENTICATED for wrong credentials.
   * @example const issued = await signIn.login({ name: 'li.wei', password }, { ip, userAgent }, auditor);
   */
  async login(input: LoginRequest, client: ClientInfo, auditor: Auditor): Promise<IssuedSession> {
    const accountKey = input.name.trim().toLowerCase();
    const addressKey = client.ip ?? 'unknown';
    const reserved = await this.#throttle.reserve(accountKey, addressKey);
    if (!reserved.allowed) {
      this.#metrics.logins.inc({ outcome: 'throttled' });
      this.#metrics.throttled.inc({ scope: reserved.scope });
      throw problem(Errors.RATE_LIMITED, `too many failed sign-ins for this ${reserved.scope}; wait ${reserved.retryAfterS} s`, {
        retryAfterS: reserved.retryAfterS,
      });
    }
    const user = await findUserByName(this.#store, input.name.trim());
    const matches = await verifyPassword(user?.passwordHash ?? (await hashForUnknownUser()), input.password);
    if (!user || !matches || user.disabledAt !== null) {
      const outcome = user && matches ? 'disabled' : 'wrong-credentials';
      this.#metrics.logins.inc({ outcome });
      await auditor.record({
        action: 'auth.login-failed',
        actor: { kind: 'user', id: user?.id ?? null, name: input.name },
        target: user ? { kind: 'user', id: user.id } : undefined,
        after: { reason: outcome },
      });
      // A disabled account answers like a wrong password: the caller learns nothing more.
      throw problem(Errors.UNAUTHENTICATED, WRONG_CREDENTIALS);
    }
    await this.#throttle.succeeded(accountKey, addressKey);
    if (needsRehash(user.passwordHash)) await setPasswordHash(this.#store, user.id, await hashPassword(input.password), { changed: false });
    const summary: UserSummary = userSummary(user);
    const issued = await this.#sessions.open(summary, client);
    this.#metrics.logins.inc({ outcome: 'success' });
    await auditor.record({ action: 'auth.login', actor: { kind: 'user', id: user.id, name: user.name }, target: { kind: 'user', id: user.id } });
    return issued;
  }

  /**
   * A signed-in user replaces their password; their other sessions end, this one stays.
   *
   * @throws ZHIDU_ERR_VALIDATION when the current password is wrong or the new one breaks the policy.
   * @example await signIn.changeOwnPassword(principal, { currentPassword, newPassword }, auditor);
   */
  async changeOwnPassword(principal: UserPrincipal, input: { currentPassword: string; newPassword: string }, auditor: Auditor): Promise<void> {
    const user = await findUserById(this.#store, principal.userId);
    if (!user) throw problem(Errors.UNAUTHENTICATED, 'the account no longer exists');
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw problem(Errors.VALIDATION, 'the current password is wrong', { errors: [{ field: '/body/currentPassword', reason: 'does not match' }] });
    }
    const problems = passwordProblems(input.newPassword, { userName: user.name, field: '/body/newPassword' });
    if (input.newPassword === input.currentPassword) problems.push({ field: '/body/newPassword', reason: 'must differ from the current password' });
    if (problems.length > 0) throw problem(Errors.VALIDATION, 'the new password does not meet the policy', { errors: problems });
    await setPasswordHash(this.#store, user.id, await hashPassword(input.newPassword), { changed: true });
    const ended = await this.#sessions.endAllOf(user.id, 'password-change', principal.sessionId);
    await auditor.record({
      action: 'auth.change-password',
      target: { kind: 'user', id: user.id },
      before: { passwordChangedAt: user.passwordChangedAt.toISOString() },
      after: { sessionsEnded: ended },
    });
  }
}
