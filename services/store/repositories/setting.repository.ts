/**
 * Settings kept in the database (`settings`), shared by every process of a deployment.
 * Values are JSON. Some hold secrets (`auth.jwt-secret`): never expose this table as a whole.
 */
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';

/**
 * The value of a setting, or `undefined` when unset.
 *
 * @example const secret = await readSetting<string>(store, 'auth.jwt-secret');
 */
export async function readSetting<T>(sql: SqlExecutor, key: string): Promise<T | undefined> {
  const result = await sql.query<{ value: T }>(sqlFile('settings/get-setting'), [key]);
  return result.rows[0]?.value;
}

/**
 * The value of a setting, storing `initial()` first when it has none. Processes starting
 * together agree on one value: the first insert wins and everyone reads it back.
 *
 * @example const secret = await settingOrInit(store, 'auth.jwt-secret', () => randomBytes(48).toString('base64url'));
 */
export async function settingOrInit<T>(sql: SqlExecutor, key: string, initial: () => T): Promise<T> {
  const existing = await readSetting<T>(sql, key);
  if (existing !== undefined) return existing;
  await sql.query(sqlFile('settings/insert-setting-if-absent'), [key, JSON.stringify(initial())]);
  const stored = await readSetting<T>(sql, key);
  if (stored === undefined) throw new Error(`setting ${key} could not be stored`);
  return stored;
}
