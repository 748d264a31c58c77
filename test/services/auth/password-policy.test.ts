import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../../services/auth/password-policy.js';
import { generatePassword, hashPassword, needsRehash, verifyPassword } from '../../../services/auth/passwords.js';

describe('password policy', () => {
  it('accepts a long passphrase, in any script', () => {
    expect(passwordProblems('correct horse battery staple', { userName: 'li.wei' })).toEqual([]);
    // 12 Chinese characters are 12 characters (code points), not 36 bytes.
    expect(passwordProblems('红绿灯配时方案每十五分钟', { userName: 'li.wei' })).toEqual([]);
    expect(passwordProblems('红绿灯配时方案每十五分', { userName: 'li.wei' })).toEqual([{ field: '/body/password', reason: 'must be at least 12 characters' }]);
  });

  it('refuses the user name itself, ignoring case and surrounding spaces', () => {
    expect(passwordProblems(' Traffic.Engineer ', { userName: 'traffic.engineer' })).toEqual([{ field: '/body/password', reason: 'must not be the user name' }]);
  });

  it('refuses one repeated character and reports every problem at once', () => {
    expect(passwordProblems('aaaa', { userName: 'aaaa', field: '--password' })).toEqual([
      { field: '--password', reason: 'must be at least 12 characters' },
      { field: '--password', reason: 'must not be the user name' },
      { field: '--password', reason: 'must not repeat one character' },
    ]);
    expect(passwordProblems('x'.repeat(257), { userName: 'u1' }).map((p) => p.reason)).toEqual(['must be at most 256 characters', 'must not repeat one character']);
  });

  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ maxLength: 70 }), (password, userName) => {
        const problems = passwordProblems(password, { userName });
        expect(Array.isArray(problems)).toBe(true);
      }),
    );
  });
});

describe('argon2id hashing', () => {
  it('hashes with argon2id and the configured parameters, and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    // PHC string: $argon2id$v=19$<params>$salt$hash; the parameter order differs between argon2 releases
    const [, algorithm, version, params] = hash.split('$');
    expect([algorithm, version]).toEqual(['argon2id', 'v=19']);
    expect(Object.fromEntries((params ?? '').split(',').map((kv) => kv.split('=')))).toEqual({ m: '19456', t: '2', p: '1' });
    expect(needsRehash(hash)).toBe(false);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapl')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('asks to re-hash hashes made with other parameters', () => {
    // The argon2 library's default (m = 64 MiB, t = 3, p = 4) differs from ours.
    expect(needsRehash('$argon2id$v=19$m=65536,p=4,t=3$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA')).toBe(true);
  });

  it('generates readable random passwords that meet the policy', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const password = generatePassword();
      expect(password).toMatch(/^([a-km-zA-HJ-NP-Z2-9]{4}-){4}[a-km-zA-HJ-NP-Z2-9]{4}$/);
      expect(passwordProblems(password, { userName: 'admin' })).toEqual([]);
      seen.add(password);
    }
    expect(seen.size).toBe(50);
  });
});
