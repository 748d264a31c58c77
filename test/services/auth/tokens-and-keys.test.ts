import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessTokens, InvalidTokenError } from '../../../services/auth/access-tokens.js';
import { apiKeyPrefix, generateApiKey, hashApiKey, sameHash } from '../../../services/auth/api-key-format.js';
import { redactSecrets } from '../../../services/auth/audit.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const claims = { sub: '3', name: 'li.wei', role: 'officer' as const, sid: 'session-1' };

function reason(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    return error instanceof InvalidTokenError ? error.reason : `other: ${String(error)}`;
  }
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens (HS256 JWT)', () => {
  const tokens = accessTokens(SECRET, { ttlS: 900 });

  it('round-trips the claims and expires after the TTL', () => {
    const now = Date.parse('2026-11-27T08:00:00Z');
    const { token, expiresAt } = tokens.issue(claims, now);
    expect(expiresAt).toBe(now + 900_000);
    // Valid up to and including exp (fast-jwt), refused one millisecond later.
    expect(tokens.verify(token, now + 900_000)).toEqual({ claims, expiresAt });
    expect(reason(() => tokens.verify(token, now + 900_001))).toBe('expired');
  });

  it('refuses a token signed with another secret, an edited payload, alg none, and garbage', () => {
    const { token } = tokens.issue(claims);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const other = accessTokens(`${SECRET}-other`, { ttlS: 900 }).issue(claims).token;
    const promoted = `${header}.${b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })}.${signature}`;
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    for (const bad of [other, promoted, none, 'garbage', '', `${token}x`]) expect(reason(() => tokens.verify(bad))).toBe('invalid');
  });

  it('refuses a well-signed token whose claims are not ours (wrong role, no session)', () => {
    const forge = (body: Record<string, unknown>) => {
      const head = b64({ alg: 'HS256', typ: 'JWT' });
      const payload = b64({ iss: 'zhidu', aud: 'zhidu-api', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 60, ...body });
      return `${head}.${payload}.${createHmac('sha256', SECRET).update(`${head}.${payload}`).digest('base64url')}`;
    };
    expect(reason(() => tokens.verify(forge({ ...claims })))).toBe('accepted');
    expect(reason(() => tokens.verify(forge({ ...claims, role: 'superuser' })))).toBe('invalid');
    expect(reason(() => tokens.verify(forge({ sub: '3', name: 'x', role: 'admin' })))).toBe('invalid');
    expect(reason(() => tokens.verify(forge({ ...claims, aud: 'someone-else' })))).toBe('invalid');
  });

  it('refuses a short secret', () => {
    expect(() => accessTokens('short', { ttlS: 900 })).toThrow(/at least 32 bytes/);
  });
});

describe('feed API key format', () => {
  it('is zk_<8 hex>_<43 base64url> with its SHA-256 stored, and the prefix recovered from the key', () => {
    const { secret, prefix, hash } = generateApiKey();
    expect(secret).toMatch(/^zk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyPrefix(secret)).toBe(prefix);
    expect(hash).toBe(hashApiKey(secret));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sameHash(hashApiKey(secret), hash)).toBe(true);
    expect(sameHash(hashApiKey(`${secret.slice(0, -1)}x`), hash)).toBe(false);
    expect(sameHash('', '')).toBe(false);
  });

  it('recognises no prefix in other text', () => {
    for (const text of ['eyJhbGciOiJIUzI1NiJ9.e30.x', 'zk_3F9A0C1E_' + 'A'.repeat(43), 'zk_3f9a0c1e_' + 'A'.repeat(42), "zk_' OR 1=1 --"]) {
      expect(apiKeyPrefix(text)).toBeUndefined();
    }
  });
});

describe('audit redaction', () => {
  it('removes secrets at any depth and keeps the rest', () => {
    expect(
      redactSecrets({
        name: 'li.wei',
        password: 'p',
        newPassword: 'p2',
        passwordChangedAt: new Date('2026-11-27T00:00:00Z'),
        nested: [{ refreshToken: 't', key_hash: 'h', 'x-api-key': 'k', apiKey: 'k2', secret: 's', note: 'fine' }],
      }),
    ).toEqual({
      name: 'li.wei',
      password: '[redacted]',
      newPassword: '[redacted]',
      passwordChangedAt: '2026-11-27T00:00:00.000Z',
      nested: [{ refreshToken: '[redacted]', key_hash: '[redacted]', 'x-api-key': '[redacted]', apiKey: '[redacted]', secret: '[redacted]', note: 'fine' }],
    });
  });
});
