/**
 * Managing users (admins over HTTP, operators with the CLI): create, change role or
 * display name, disable, reset a password. Every change goes to the auditor with its
 * before/after state (public views: never a hash). Changes that alter what a user may
 * do (role, disabling, new password) end the user's sessions.
 */
import type { CreateUserRequest, UpdateUserRequest, UserRecord } from '../contracts/auth.js';
import { Errors, problem } from '../contracts/errors.js';
import type { SqlPort } from '../store/port.js';
import {
  countEnabledAdmins,
  DuplicateUserNameError,
  findUserById,
  insertUser,
  listUsers,
  setPasswordHash,
  updateUser,
  type StoredUser,
} from '../store/repositories/user.repository.js';
import type { Auditor } from './audit.js';
import { hashPassword } from './passwords.js';
import { passwordProblems } from './password-policy.js';
import type { SessionService } from './session.service.js';
import { userRecord } from './user-views.js';

export class UserService {
  readonly #store: SqlPort;
  readonly #sessions: SessionService;

  constructor(store: SqlPort, sessions: SessionService) {
    this.#store = store;
    this.#sessions = sessions;
  }

  /** @example const users = await service.list(); */
  async list(): Promise<UserRecord[]> {
    return (await listUsers(this.#store)).map(userRecord);
  }

  /**
   * @throws ZHIDU_ERR_VALIDATION (password policy, with fields), ZHIDU_ERR_CONFLICT (name taken).
   * @example await service.create({ name: 'li.wei', displayName: '李伟', role: 'officer', password }, auditor);
   */
  async create(input: CreateUserRequest, auditor: Auditor): Promise<UserRecord> {
    const problems = passwordProblems(input.password, { userName: input.name });
    if (problems.length > 0) throw problem(Errors.VALIDATION, 'the password does not meet the policy', { errors: problems });
    const passwordHash = await hashPassword(input.password);
    let created: StoredUser;
    try {
      created = await insertUser(this.#store, { name: input.name, displayName: input.displayName ?? null, role: input.role, passwordHash });
    } catch (error) {
      if (error instanceof DuplicateUserNameError) {
        throw problem(Errors.CONFLICT, error.message, { errors: [{ field: '/body/name', reason: 'already taken' }] });
      }
      throw error;
    }
    const record = userRecord(created);
    await auditor.record({ action: 'user.create', target: { kind: 'user', id: created.id }, after: record });
    return record;
  }

  /**
   * Changes display name, role or disabled state. Refuses to leave no enabled admin.
   *
   * @throws ZHIDU_ERR_NOT_FOUND, ZHIDU_ERR_CONFLICT (last admin).
   * @example await service.update('3', { role: 'engineer' }, auditor);
   */
  async update(id: string, changes: UpdateUserRequest, auditor: Auditor): Promise<UserRecord> {
    const before = await this.#existing(id);
    const losesAdmin =
      before.role === 'admin' && before.disabledAt === null && ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
    if (losesAdmin && (await countEnabledAdmins(this.#store)) <= 1) {
      throw problem(Errors.CONFLICT, 'this is the last enabled admin; make another admin first', {
        errors: [{ field: changes.disabled === true ? '/body/disabled' : '/body/role', reason: 'would leave no enabled admin' }],
      });
    }
    const updated = await updateUser(this.#store, id, changes);
    if (!updated) throw problem(Errors.NOT_FOUND, `user ${id}`);
    const roleChanged = updated.role !== before.role;
    const disabledNow = updated.disabledAt !== null && before.disabledAt === null;
    if (roleChanged || disabledNow) await this.#sessions.endAllOf(id, disabledNow ? 'disabled' : 'role-change');
    const record = userRecord(updated);
    await auditor.record({ action: 'user.update', target: { kind: 'user', id }, before: userRecord(before), after: record });
    return record;
  }

  /**
   * Sets a new password (by an admin, or the CLI) and ends the user's sessions.
   *
   * @throws ZHIDU_ERR_NOT_FOUND, ZHIDU_ERR_VALIDATION (policy).
   * @example await service.resetPassword('3', newPassword, auditor);
   */
  async resetPassword(id: string, password: string, auditor: Auditor, field = '/body/password'): Promise<UserRecord> {
    const before = await this.#existing(id);
    const problems = passwordProblems(password, { userName: before.name, field });
    if (problems.length > 0) throw problem(Errors.VALIDATION, 'the password does not meet the policy', { errors: problems });
    await setPasswordHash(this.#store, id, await hashPassword(password), { changed: true });
    const ended = await this.#sessions.endAllOf(id, 'password-reset');
    const after = await this.#existing(id);
    await auditor.record({
      action: 'user.reset-password',
      target: { kind: 'user', id },
      before: { passwordChangedAt: before.passwordChangedAt.toISOString() },
      after: { passwordChangedAt: after.passwordChangedAt.toISOString(), sessionsEnded: ended },
    });
    return userRecord(after);
  }

  async #existing(id: string): Promise<StoredUser> {
    const user = await findUserById(this.#store, id);
    if (!user) throw problem(Errors.NOT_FOUND, `user ${id}`);
    return user;
  }
}
