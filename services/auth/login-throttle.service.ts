/**
 * Sign-in throttling in the database, shared by every API process. An attempt is
 * counted as a failure *before* the password is checked (in one transaction with the
 * decision), so that parallel guesses are counted one by one and cannot all slip
 * through before the first failure is written; a successful sign-in then takes it back.
 */
import type { SqlPort } from '../store/port.js';
import { lockThrottleRows, purgeThrottle, writeThrottle } from '../store/repositories/user-login-throttle.repository.js';
import { blockedUntil, currentState, decideAttempt, withFailure, type ThrottlePolicy } from './login-throttle.js';

export type ReserveResult = { allowed: true } | { allowed: false; retryAfterS: number; scope: 'account' | 'address' };

export interface LoginThrottleOptions {
  account: ThrottlePolicy;
  address: ThrottlePolicy;
  now?: () => Date;
}

export class LoginThrottle {
  readonly #store: SqlPort;
  readonly #options: LoginThrottleOptions;

  constructor(store: SqlPort, options: LoginThrottleOptions) {
    this.#store = store;
    this.#options = options;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /**
   * Decides whether an attempt may proceed; when it may, counts it as a failure until
   * `succeeded` says otherwise. Refused attempts are not counted (they cannot guess).
   *
   * @example const r = await throttle.reserve('li.wei', '10.0.0.7'); if (!r.allowed) reply 429 with r.retryAfterS
   */
  async reserve(accountKey: string, addressKey: string): Promise<ReserveResult> {
    const { account, address } = this.#options;
    const now = this.#now();
    return this.#store.transaction(async (tx) => {
      const rows = await lockThrottleRows(tx, accountKey, addressKey);
      const byAccount = decideAttempt(rows.account, account, now);
      const byAddress = decideAttempt(rows.address, address, now);
      if (!byAccount.allowed || !byAddress.allowed) {
        const accountWait = byAccount.allowed ? 0 : byAccount.retryAfterS;
        const addressWait = byAddress.allowed ? 0 : byAddress.retryAfterS;
        return accountWait >= addressWait
          ? { allowed: false as const, retryAfterS: accountWait, scope: 'account' as const }
          : { allowed: false as const, retryAfterS: addressWait, scope: 'address' as const };
      }
      const nextAccount = withFailure(rows.account, account, now);
      const nextAddress = withFailure(rows.address, address, now);
      await writeThrottle(tx, 'account', accountKey, nextAccount, blockedUntil(nextAccount, account));
      await writeThrottle(tx, 'address', addressKey, nextAddress, blockedUntil(nextAddress, address));
      return { allowed: true as const };
    });
  }

  /**
   * The reserved attempt succeeded: the account starts afresh, and the address gets back
   * the one failure its reservation counted.
   *
   * @example await throttle.succeeded('li.wei', '10.0.0.7');
   */
  async succeeded(accountKey: string, addressKey: string): Promise<void> {
    const { address } = this.#options;
    const now = this.#now();
    await this.#store.transaction(async (tx) => {
      const rows = await lockThrottleRows(tx, accountKey, addressKey);
      await writeThrottle(tx, 'account', accountKey, { failures: 0, lastFailureAt: null }, null);
      const current = currentState(rows.address, address, now);
      const restored = { failures: Math.max(0, current.failures - 1), lastFailureAt: current.lastFailureAt };
      await writeThrottle(tx, 'address', addressKey, restored, blockedUntil(restored, address));
    });
  }

  /** Forgets rows with nothing to remember (called at start-up and by maintenance). */
  async purge(): Promise<void> {
    const forgetAfterS = Math.max(this.#options.account.forgetAfterS, this.#options.address.forgetAfterS);
    await purgeThrottle(this.#store, new Date(this.#now().getTime() - forgetAfterS * 1000));
  }
}
