/**
 * Sign-in throttling policy, pure (no clock, no database): after a few free failures
 * each further failure doubles the wait before the next attempt, and at the limit the
 * account (or address) is locked for the lockout time. Failures are forgotten after a
 * quiet day, or at once by a successful sign-in of the account.
 *
 * With the defaults (3 free, 1 s base, 10 failures, 900 s lockout) the waits after
 * failures 1…10 are 0, 0, 1, 2, 4, 8, 16, 32, 64, 900 s: a person mistyping is not
 * slowed, a guesser gets about 10 tries per quarter hour and then one per lockout.
 */

export interface ThrottlePolicy {
  /** Failures allowed without any wait. */
  freeFailures: number;
  /** Wait after the first counted failure; doubles with each further one. */
  backoffBaseS: number;
  /** Failures at which the full lockout applies. */
  maxFailures: number;
  lockoutS: number;
  /** Failures older than this (since the last one) are forgotten. */
  forgetAfterS: number;
}

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date | null;
}

/** Per account: backoff from the 3rd failure, lockout at `maxFailures`. */
export function accountPolicy(maxFailures: number, lockoutS: number): ThrottlePolicy {
  return { freeFailures: Math.min(3, maxFailures), backoffBaseS: 1, maxFailures, lockoutS, forgetAfterS: Math.max(lockoutS, 86_400) };
}

/**
 * Per client address: no backoff (a command centre shares one address), lockout only
 * when the address fails `maxFailures` times across accounts (password spraying).
 */
export function addressPolicy(maxFailures: number, lockoutS: number): ThrottlePolicy {
  return { freeFailures: maxFailures, backoffBaseS: 1, maxFailures, lockoutS, forgetAfterS: Math.max(lockoutS, 86_400) };
}

/**
 * Seconds to wait after the `failures`-th failure before the next attempt.
 *
 * @example waitAfterFailuresS(5, accountPolicy(10, 900)) // 4  (1 · 2^(5−3))
 * @example waitAfterFailuresS(10, accountPolicy(10, 900)) // 900
 */
export function waitAfterFailuresS(failures: number, policy: ThrottlePolicy): number {
  if (failures >= policy.maxFailures) return policy.lockoutS;
  if (failures < policy.freeFailures) return 0;
  return Math.min(policy.backoffBaseS * 2 ** (failures - policy.freeFailures), policy.lockoutS);
}

/** The state with failures older than the policy remembers dropped. */
export function currentState(state: ThrottleState, policy: ThrottlePolicy, now: Date): ThrottleState {
  if (state.lastFailureAt === null || now.getTime() - state.lastFailureAt.getTime() >= policy.forgetAfterS * 1000) {
    return { failures: 0, lastFailureAt: null };
  }
  return state;
}

/**
 * When the next attempt may be made, or `null` when it may be made now or at any time.
 *
 * @example blockedUntil({ failures: 4, lastFailureAt: new Date(0) }, accountPolicy(10, 900)) // 1970-01-01T00:00:02Z
 */
export function blockedUntil(state: ThrottleState, policy: ThrottlePolicy): Date | null {
  const waitS = waitAfterFailuresS(state.failures, policy);
  if (waitS === 0 || state.lastFailureAt === null) return null;
  return new Date(state.lastFailureAt.getTime() + waitS * 1000);
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterS: number };

/**
 * Whether an attempt may be made now.
 *
 * @example decideAttempt({ failures: 3, lastFailureAt: now }, accountPolicy(10, 900), now) // { allowed: false, retryAfterS: 1 }
 */
export function decideAttempt(state: ThrottleState, policy: ThrottlePolicy, now: Date): ThrottleDecision {
  const until = blockedUntil(currentState(state, policy, now), policy);
  if (until === null || until.getTime() <= now.getTime()) return { allowed: true };
  return { allowed: false, retryAfterS: Math.ceil((until.getTime() - now.getTime()) / 1000) };
}

/**
 * The state after one more failure at `now`.
 *
 * @example withFailure({ failures: 0, lastFailureAt: null }, policy, now) // { failures: 1, lastFailureAt: now }
 */
export function withFailure(state: ThrottleState, policy: ThrottlePolicy, now: Date): ThrottleState {
  return { failures: currentState(state, policy, now).failures + 1, lastFailureAt: now };
}
