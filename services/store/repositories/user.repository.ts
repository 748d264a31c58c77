/**
 * Users (DESIGN §12 `users`). Names are unique case-insensitively. Rows carry the
 * password hash: callers must not pass a `StoredUser` to a response or the audit log
 * as it is (see `services/auth/user.service.ts`).
 */
import type { UserRole } from '../../contracts/identity.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';

export interface StoredUser {
  id: string;
  name: string;
  displayName: string | null;
  role: UserRole;
  passwordHash: string;
  passwordChangedAt: Date;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface UserRow {
  id: number;
  name: string;
  display_name: string | null;
  role: UserRole;
  password_hash: string;
  password_changed_at: Date;
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toUser(row: UserRow): StoredUser {
  return {
    id: String(row.id),
    name: row.name,
    displayName: row.display_name,
    role: row.role,
    passwordHash: row.password_hash,
    passwordChangedAt: row.password_changed_at,
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A user name that is already taken (case-insensitively). */
export class DuplicateUserNameError extends Error {
  constructor(name: string) {
    super(`a user named ${name} already exists`);
    this.name = 'DuplicateUserNameError';
  }
}

/** PostgreSQL's unique_violation. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/**
 * @throws {DuplicateUserNameError} when the name is taken.
 * @example await insertUser(store, { name: 'li.wei', displayName: '李伟', role: 'officer', passwordHash });
 */
export async function insertUser(
  sql: SqlExecutor,
  user: { name: string; displayName: string | null; role: UserRole; passwordHash: string },
): Promise<StoredUser> {
  try {
    const result = await sql.query<UserRow>(sqlFile('users/insert-user'), [user.name, user.displayName, user.role, user.passwordHash]);
    return toUser(result.rows[0] as UserRow);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateUserNameError(user.name);
    throw error;
  }
}

/** @example const user = await findUserByName(store, 'Li.Wei'); // matches li.wei */
export async function findUserByName(sql: SqlExecutor, name: string): Promise<StoredUser | undefined> {
  const result = await sql.query<UserRow>(sqlFile('users/find-user-by-name'), [name]);
  return result.rows[0] ? toUser(result.rows[0]) : undefined;
}

/** @example const user = await findUserById(store, '3'); */
export async function findUserById(sql: SqlExecutor, id: string): Promise<StoredUser | undefined> {
  const result = await sql.query<UserRow>(sqlFile('users/find-user-by-id'), [id]);
  return result.rows[0] ? toUser(result.rows[0]) : undefined;
}

/** @example const users = await listUsers(store); */
export async function listUsers(sql: SqlExecutor): Promise<StoredUser[]> {
  const result = await sql.query<UserRow>(sqlFile('users/list-users'));
  return result.rows.map(toUser);
}

/** What `updateUser` may change; an absent field stays as it is. */
export interface UserChanges {
  displayName?: string | null;
  role?: UserRole;
  disabled?: boolean;
}

/**
 * Returns the updated user, or `undefined` for an unknown id.
 *
 * @example await updateUser(store, '3', { role: 'engineer' });
 */
export async function updateUser(sql: SqlExecutor, id: string, changes: UserChanges): Promise<StoredUser | undefined> {
  const result = await sql.query<UserRow>(sqlFile('users/update-user'), [
    id,
    changes.displayName !== undefined,
    changes.displayName ?? null,
    changes.role ?? null,
    changes.disabled !== undefined,
    changes.disabled ?? false,
  ]);
  return result.rows[0] ? toUser(result.rows[0]) : undefined;
}

/**
 * Stores a password hash. `changed: false` re-hashes the same password with new parameters
 * and keeps `password_changed_at`. Returns whether the user exists.
 *
 * @example await setPasswordHash(store, '3', hash, { changed: true });
 */
export async function setPasswordHash(sql: SqlExecutor, id: string, passwordHash: string, options: { changed: boolean }): Promise<boolean> {
  const result = await sql.query(sqlFile('users/set-password-hash'), [id, passwordHash, options.changed]);
  return result.rows.length > 0;
}

/** @example if (!(await adminExists(store))) { ... } */
export async function adminExists(sql: SqlExecutor): Promise<boolean> {
  const result = await sql.query<{ present: boolean }>(sqlFile('users/admin-exists'));
  return result.rows[0]?.present === true;
}

/** Serialises first-admin creation inside a transaction (processes starting together). */
export async function lockFirstAdminCreation(tx: SqlExecutor): Promise<void> {
  await tx.query(sqlFile('users/lock-first-admin'));
}

/** @example if ((await countEnabledAdmins(store)) <= 1) refuse; */
export async function countEnabledAdmins(sql: SqlExecutor): Promise<number> {
  const result = await sql.query<{ count: number }>(sqlFile('users/count-enabled-admins'));
  return result.rows[0]?.count ?? 0;
}
