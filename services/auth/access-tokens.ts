/**
 * User access tokens: short-lived JWTs, HS256 (fast-jwt), carrying who (`sub`, `name`),
 * their role and the refresh session (`sid`) they were issued for. The signature and
 * expiry are checked here; whether the session is still open is checked by the
 * session service (logout ends a token before it expires).
 */
import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import { USER_ROLES, type UserRole } from '../contracts/identity.js';

const ISSUER = 'zhidu';
const AUDIENCE = 'zhidu-api';

export interface AccessClaims {
  /** User id. */
  sub: string;
  name: string;
  role: UserRole;
  /** Refresh session id. */
  sid: string;
}

export interface IssuedToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Why a token was refused: `expired`, or `invalid` (tampered, wrong key, malformed, wrong claims). */
export class InvalidTokenError extends Error {
  readonly reason: 'expired' | 'invalid';
  constructor(reason: 'expired' | 'invalid', detail: string) {
    super(`access token ${reason}: ${detail}`);
    this.name = 'InvalidTokenError';
    this.reason = reason;
  }
}

export interface AccessTokens {
  /** @example const { token, expiresAt } = tokens.issue({ sub: '3', name: 'li.wei', role: 'officer', sid }); */
  issue(claims: AccessClaims, nowMs?: number): IssuedToken;
  /**
   * The claims of a well-signed, unexpired token.
   *
   * @throws {InvalidTokenError}
   * @example const { claims, expiresAt } = tokens.verify(bearer);
   */
  verify(token: string, nowMs?: number): { claims: AccessClaims; expiresAt: number };
}

function isClaims(payload: Record<string, unknown>): payload is Record<string, unknown> & AccessClaims {
  return (
    typeof payload.sub === 'string' &&
    typeof payload.name === 'string' &&
    typeof payload.sid === 'string' &&
    (USER_ROLES as readonly unknown[]).includes(payload.role)
  );
}

/**
 * Signer and verifier for one secret. Only HS256 is accepted, so a token cannot choose
 * its own algorithm (`none`, or RS256 with the secret as a public key).
 *
 * @example const tokens = accessTokens(secret, { ttlS: 900 });
 */
export function accessTokens(secret: string, options: { ttlS: number }): AccessTokens {
  if (Buffer.byteLength(secret) < 32) throw new Error('the JWT secret must be at least 32 bytes');
  const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: options.ttlS * 1000, iss: ISSUER, aud: AUDIENCE });
  const verifiers = new Map<number | undefined, (token: string) => Record<string, unknown>>();
  const verifierAt = (nowMs: number | undefined) => {
    let verifier = verifiers.get(nowMs);
    if (!verifier) {
      verifier = createVerifier({
        key: secret,
        algorithms: ['HS256'],
        allowedIss: ISSUER,
        allowedAud: AUDIENCE,
        requiredClaims: ['exp', 'iat', 'sub', 'sid'],
        ...(nowMs === undefined ? {} : { clockTimestamp: nowMs }),
      }) as (token: string) => Record<string, unknown>;
      // Only the live clock (undefined) is worth keeping; test clocks are one-offs.
      if (nowMs === undefined) verifiers.set(nowMs, verifier);
    }
    return verifier;
  };
  return {
    issue(claims, nowMs = Date.now()) {
      const iat = Math.floor(nowMs / 1000);
      const token = sign({ sub: claims.sub, name: claims.name, role: claims.role, sid: claims.sid, iat });
      return { token, expiresAt: iat * 1000 + options.ttlS * 1000 };
    },
    verify(token, nowMs) {
      let payload: Record<string, unknown>;
      try {
        payload = verifierAt(nowMs)(token);
      } catch (error) {
        if (error instanceof TokenError && error.code === TokenError.codes.expired) throw new InvalidTokenError('expired', 'the token has expired');
        throw new InvalidTokenError('invalid', error instanceof Error ? error.message : 'unreadable');
      }
      if (!isClaims(payload)) throw new InvalidTokenError('invalid', 'claims are missing or malformed');
      return { claims: { sub: payload.sub, name: payload.name, role: payload.role, sid: payload.sid }, expiresAt: Number(payload.exp) * 1000 };
    },
  };
}
