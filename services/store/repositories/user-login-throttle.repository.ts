/**
 * Failed sign-ins per account and per address (`login_throttle`, migration 0010),
 * shared by every API process. The policy itself is pure: `services/auth/login-throttle.ts`.
 */
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';

export type ThrottleScope = 'account' | 'address';

export interface StoredThrottle {
  failures: number;
  lastFailureAt: Date | null;
}

/**
 * Locks (creating when needed) the rows of an account and an address; call inside a
 * transaction. Rows are locked in a fixed order, so concurrent attempts never deadlock.
 *
 * @example const { account, address } = await lockThrottleRows(tx, 'li.wei', '10.0.0.7');
 */
export async function lockThrottleRows(
  tx: SqlExecutor,
  accountKey: string,
  addressKey: string,
): Promise<{ account: StoredThrottle; address: StoredThrottle }> {
  await tx.query(sqlFile('login/ensure-throttle-rows'), [accountKey, addressKey]);
  const result = await tx.query<{ scope: ThrottleScope; failures: number; last_failure_at: Date | null }>(sqlFile('login/lock-throttle-rows'), [
    accountKey,
    addressKey,
  ]);
  const byScope = new Map(result.rows.map((r) => [r.scope, { failures: r.failures, lastFailureAt: r.last_failure_at }]));
  const empty: StoredThrottle = { failures: 0, lastFailureAt: null };
  return { account: byScope.get('account') ?? empty, address: byScope.get('address') ?? empty };
}

/** @example await writeThrottle(tx, 'account', 'li.wei', { failures: 4, lastFailureAt: now }, blockedUntil); */
export async function writeThrottle(sql: SqlExecutor, scope: ThrottleScope, key: string, state: StoredThrottle, blockedUntil: Date | null): Promise<void> {
  await sql.query(sqlFile('login/write-throttle-row'), [scope, key, state.failures, state.lastFailureAt, blockedUntil]);
}

/**
 * Forgets rows with no failure since `before` and no block in force.
 *
 * @example await purgeThrottle(store, new Date(Date.now() - 86400_000));
 */
export async function purgeThrottle(sql: SqlExecutor, before: Date): Promise<void> {
  await sql.query(sqlFile('login/purge-throttle'), [before]);
}
