/**
 * Feed API keys (DESIGN §12 `api_keys`): a public prefix to find the row and a
 * SHA-256 of the whole key; the key itself is shown once at creation and never stored.
 */
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';
import { isUniqueViolation } from './user.repository.js';

export interface StoredApiKey {
  id: string;
  name: string;
  prefix: string;
  /** `null` = every intersection. */
  intersections: string[] | null;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

interface ApiKeyRow {
  id: number;
  name: string;
  key_prefix: string;
  intersections: string[] | null;
  created_by: number | null;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

function toApiKey(row: ApiKeyRow): StoredApiKey {
  return {
    id: String(row.id),
    name: row.name,
    prefix: row.key_prefix,
    intersections: row.intersections,
    createdBy: row.created_by === null ? null : String(row.created_by),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** Two generated keys drew the same prefix (about 1 in 4 billion per pair): draw again. */
export class ApiKeyPrefixTakenError extends Error {
  constructor(prefix: string) {
    super(`API key prefix ${prefix} is taken`);
    this.name = 'ApiKeyPrefixTakenError';
  }
}

/**
 * @throws {ApiKeyPrefixTakenError} on a prefix collision.
 * @example await insertApiKey(store, { name: 'sim', prefix, hash, intersections: null, createdBy: null });
 */
export async function insertApiKey(
  sql: SqlExecutor,
  key: { name: string; prefix: string; hash: string; intersections: readonly string[] | null; createdBy: string | null },
): Promise<StoredApiKey> {
  try {
    const result = await sql.query<ApiKeyRow>(sqlFile('api-keys/insert-api-key'), [key.name, key.prefix, key.hash, key.intersections, key.createdBy]);
    return toApiKey(result.rows[0] as ApiKeyRow);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiKeyPrefixTakenError(key.prefix);
    throw error;
  }
}

/**
 * The key with this prefix and its stored hash, revoked or not.
 *
 * @example const found = await findApiKeyByPrefix(store, '3f9a0c1e');
 */
export async function findApiKeyByPrefix(sql: SqlExecutor, prefix: string): Promise<(StoredApiKey & { hash: string }) | undefined> {
  const result = await sql.query<ApiKeyRow & { key_hash: string }>(sqlFile('api-keys/find-api-key-by-prefix'), [prefix]);
  const row = result.rows[0];
  return row ? { ...toApiKey(row), hash: row.key_hash } : undefined;
}

/** @example const key = await findApiKeyById(store, '7'); */
export async function findApiKeyById(sql: SqlExecutor, id: string): Promise<StoredApiKey | undefined> {
  const result = await sql.query<ApiKeyRow>(sqlFile('api-keys/find-api-key-by-id'), [id]);
  return result.rows[0] ? toApiKey(result.rows[0]) : undefined;
}

/** @example const keys = await listApiKeys(store); */
export async function listApiKeys(sql: SqlExecutor): Promise<StoredApiKey[]> {
  const result = await sql.query<ApiKeyRow>(sqlFile('api-keys/list-api-keys'));
  return result.rows.map(toApiKey);
}

/**
 * Revokes a key; returns it, or `undefined` for an unknown id. Idempotent.
 *
 * @example await revokeApiKey(store, '7');
 */
export async function revokeApiKey(sql: SqlExecutor, id: string): Promise<StoredApiKey | undefined> {
  const result = await sql.query<ApiKeyRow>(sqlFile('api-keys/revoke-api-key'), [id]);
  return result.rows[0] ? toApiKey(result.rows[0]) : undefined;
}

/**
 * Sets `last_used_at` unless it was set less than a minute ago; returns whether it wrote.
 *
 * @example await touchApiKey(store, '7');
 */
export async function touchApiKey(sql: SqlExecutor, id: string): Promise<boolean> {
  const result = await sql.query(sqlFile('api-keys/touch-api-key'), [id]);
  return result.rows.length > 0;
}
