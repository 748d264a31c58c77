import { describe, expect, it } from 'vitest';
import { accountPolicy, addressPolicy, blockedUntil, decideAttempt, waitAfterFailuresS, withFailure } from '../../../services/auth/login-throttle.js';

const t0 = new Date('2026-11-27T08:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('sign-in throttling policy', () => {
  const account = accountPolicy(10, 900);

  it('waits 0, 0, 1, 2, 4, 8, 16, 32, 64, 900 s after failures 1…10 (base 1 s, doubling from the 3rd, lockout at 10)', () => {
    // wait(f) = 0 for f < 3; 1 · 2^(f − 3) for 3 ≤ f < 10; 900 from 10 on.
    expect(Array.from({ length: 10 }, (_, i) => waitAfterFailuresS(i + 1, account))).toEqual([0, 0, 1, 2, 4, 8, 16, 32, 64, 900]);
    expect(waitAfterFailuresS(25, account)).toBe(900);
  });

  it('caps the backoff at the lockout', () => {
    // With a 5 s lockout: 1, 2, 4, then 8 → capped to 5.
    const short = accountPolicy(10, 5);
    expect([3, 4, 5, 6, 9, 10].map((f) => waitAfterFailuresS(f, short))).toEqual([1, 2, 4, 5, 5, 5]);
  });

  it('refuses an attempt inside the wait with the seconds left, and allows it after', () => {
    const state = { failures: 5, lastFailureAt: t0 };
    // 5 failures → 4 s wait: blocked until t0 + 4 s.
    expect(blockedUntil(state, account)).toEqual(at(4));
    expect(decideAttempt(state, account, at(1.2))).toEqual({ allowed: false, retryAfterS: 3 });
    expect(decideAttempt(state, account, at(4))).toEqual({ allowed: true });
  });

  it('counts failures up and forgets them after a quiet day', () => {
    let state = { failures: 0, lastFailureAt: null as Date | null };
    for (let i = 0; i < 3; i += 1) state = withFailure(state, account, at(i));
    expect(state).toEqual({ failures: 3, lastFailureAt: at(2) });
    // forgetAfterS = max(900, 86,400) = 86,400 s.
    expect(withFailure(state, account, at(2 + 86_399))).toEqual({ failures: 4, lastFailureAt: at(86_401) });
    expect(withFailure(state, account, at(2 + 86_400))).toEqual({ failures: 1, lastFailureAt: at(86_402) });
    expect(decideAttempt({ failures: 10, lastFailureAt: t0 }, account, at(86_400))).toEqual({ allowed: true });
  });

  it('does not slow an address down before its limit, then locks it', () => {
    const address = addressPolicy(100, 900);
    expect(waitAfterFailuresS(99, address)).toBe(0);
    expect(waitAfterFailuresS(100, address)).toBe(900);
    expect(decideAttempt({ failures: 100, lastFailureAt: t0 }, address, at(899))).toEqual({ allowed: false, retryAfterS: 1 });
  });
});
