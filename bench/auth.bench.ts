/**
 * Costs of identity checks (issue 3), each measured side by side with its baseline:
 *   - argon2id with our parameters (19 MiB, t = 2, p = 1) vs the argon2 library default (64 MiB, t = 3, p = 4);
 *   - a feed key check with SHA-256 vs the same check with argon2id (why keys are not argon2-hashed);
 *   - a user request's token check: JWT signature only, vs signature + session lookup (cache hit, and miss on PGlite).
 *
 * `npm run bench -- auth`
 */
import argon2 from 'argon2';
import pino from 'pino';
import { Registry } from 'prom-client';
import { accessTokens } from '../services/auth/access-tokens.js';
import { hashApiKey, generateApiKey, sameHash } from '../services/auth/api-key-format.js';
import { directAuditor } from '../services/auth/audit.js';
import { createAuth } from '../services/auth/index.js';
import { ARGON2_OPTIONS } from '../services/auth/passwords.js';
import { loadConfig } from '../services/config/index.js';
import { migrate } from '../services/store/migrate.js';
import { openPgliteStore } from '../services/store/pglite.adapter.js';

/** Median time per operation in microseconds over `rounds` rounds of `perRound` operations. */
async function perOpUs(perRound: number, rounds: number, op: (i: number) => unknown): Promise<number> {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const start = performance.now();
    for (let i = 0; i < perRound; i += 1) await op(i);
    samples.push(((performance.now() - start) * 1000) / perRound);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

const fmt = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${us.toFixed(1)} µs`);

export async function run(): Promise<void> {
  const rows: string[] = [];
  const line = (what: string, us: number, baselineUs: number) => rows.push(`| ${what} | ${fmt(us)} | ${(us / baselineUs).toFixed(2)}× |`);

  // Passwords: verify is what every sign-in pays.
  const password = 'correct horse battery staple';
  const ours = await argon2.hash(password, ARGON2_OPTIONS);
  const libraryDefault = await argon2.hash(password);
  const defaultVerify = await perOpUs(5, 5, () => argon2.verify(libraryDefault, password));
  const oursVerify = await perOpUs(5, 5, () => argon2.verify(ours, password));
  rows.push('| password verify | time per op | vs argon2 library default |', '|---|---|---|');
  line('argon2id library default (m 64 MiB, t 3, p 4)', defaultVerify, defaultVerify);
  line('argon2id ours (m 19 MiB, t 2, p 1)', oursVerify, defaultVerify);

  // Feed keys: the per-request check when the cache misses.
  const key = generateApiKey();
  const argonOfKey = await argon2.hash(key.secret, ARGON2_OPTIONS);
  const sha = await perOpUs(20_000, 5, () => sameHash(hashApiKey(key.secret), key.hash));
  const argonKey = await perOpUs(5, 5, () => argon2.verify(argonOfKey, key.secret));
  rows.push('', '| feed key check (cache miss, hashing only) | time per op | vs SHA-256 |', '|---|---|---|');
  line('SHA-256 + constant-time compare (ours)', sha, sha);
  line('argon2id (ours) instead', argonKey, sha);

  // User requests: the token check on every request.
  const store = await openPgliteStore();
  await migrate(store);
  const config = loadConfig({ ZHIDU_JWT_SECRET: 'bench-secret-0123456789abcdef-0123456789abcdef' });
  const fresh = await createAuth({ store, config, registry: new Registry(), logger: pino({ level: 'silent' }) });
  const uncached = await createAuth({ store, config, registry: new Registry(), logger: pino({ level: 'silent' }), credentialCacheMs: 0 });
  const auditor = directAuditor(store, { kind: 'system', id: null, name: 'bench' });
  await fresh.users.create({ name: 'bench.user', role: 'viewer', password }, auditor);
  const { accessToken } = await fresh.signIn.login({ name: 'bench.user', password }, { ip: '127.0.0.1', userAgent: null }, auditor);
  const tokens = accessTokens(config.auth.jwtSecret as string, { ttlS: 900 });
  const signatureOnly = await perOpUs(20_000, 5, () => tokens.verify(accessToken));
  const cachedCheck = await perOpUs(20_000, 5, () => fresh.verifyAccessToken(accessToken));
  const dbCheck = await perOpUs(500, 5, () => uncached.verifyAccessToken(accessToken));
  rows.push('', '| user token check per request | time per op | vs signature only |', '|---|---|---|');
  line('JWT HS256 signature + claims (fast-jwt)', signatureOnly, signatureOnly);
  line('+ session check, cache hit (ours, 5 s cache)', cachedCheck, signatureOnly);
  line('+ session check, PGlite lookup (cache miss)', dbCheck, signatureOnly);
  await store.close();

  process.stdout.write(`${rows.join('\n')}\n`);
}
