/**
 * Password hashing with argon2id (the `argon2` package, bindings to the reference
 * implementation), and generation of random passwords for first starts and resets.
 */
import { randomInt } from 'node:crypto';
import argon2 from 'argon2';

/**
 * argon2id parameters: 19 MiB memory, 2 passes, 1 lane — the first of OWASP's
 * equivalent recommended settings (Password Storage Cheat Sheet, 2023). Kept modest
 * because every API process may verify a whole shift's sign-ins within minutes on
 * two cores; `bench/auth.bench.ts` measures the cost per hash.
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * @example const hash = await hashPassword('correct horse battery'); // '$argon2id$v=19$m=19456,t=2,p=1$...'
 */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

/**
 * Whether `password` matches `hash`. A malformed hash counts as no match.
 *
 * @example await verifyPassword(hash, 'correct horse battery') // true
 */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * Whether a stored hash was made with other parameters (re-hash after a successful sign-in).
 *
 * @example if (needsRehash(user.passwordHash)) await setPasswordHash(store, user.id, await hashPassword(pw), { changed: false });
 */
export function needsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash to verify against when the account does not exist, so that unknown names take
 * as long as wrong passwords and answer timing does not reveal which names exist.
 */
export function hashForUnknownUser(): Promise<string> {
  dummyHash ??= argon2.hash(`zhidu-unknown-${randomInt(2 ** 47)}`, ARGON2_OPTIONS);
  return dummyHash;
}

/** Letters and digits people read aloud without confusion (no 0/O, 1/l/I). */
const READABLE = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A random password of `length` characters from a 56-symbol alphabet
 * (20 characters ≈ 116 bits), grouped by dashes for reading from a console.
 *
 * @example generatePassword() // 'Hq7k-mZ2w-...'
 */
export function generatePassword(length = 20): string {
  const characters = Array.from({ length }, () => READABLE[randomInt(READABLE.length)] as string);
  return characters.map((c, i) => (i > 0 && i % 4 === 0 ? `-${c}` : c)).join('');
}
