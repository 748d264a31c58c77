/**
 * Feed API keys: `zk_<prefix>_<secret>`, where the prefix (8 hex characters) finds the
 * row and the secret is 32 random bytes (256 bits, base64url). The database keeps a
 * SHA-256 of the whole key. A fast hash is right here: a slow one (argon2) protects
 * human-chosen passwords against guessing, but nobody can guess a 256-bit random
 * secret, and argon2 on every ingest request would cost tens of milliseconds of CPU each.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^zk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** The whole key, shown once. */
  secret: string;
  prefix: string;
  /** Hex SHA-256 of `secret`. */
  hash: string;
}

/**
 * @example const { secret, prefix, hash } = generateApiKey(); // secret 'zk_3f9a0c1e_Vb...'
 */
export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(4).toString('hex');
  const secret = `zk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { secret, prefix, hash: hashApiKey(secret) };
}

/** @example hashApiKey('zk_3f9a0c1e_Vb...') // 64 hex characters */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * The prefix of a well-formed key, or `undefined` for anything else (a JWT, garbage).
 *
 * @example apiKeyPrefix('zk_3f9a0c1e_' + 'A'.repeat(43)) // '3f9a0c1e'
 */
export function apiKeyPrefix(text: string): string | undefined {
  return KEY_PATTERN.exec(text)?.[1];
}

/**
 * Constant-time comparison of two hex hashes of equal length.
 *
 * @example sameHash(hashApiKey(presented), stored.hash)
 */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
