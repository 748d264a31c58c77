import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPgStore } from '../../../services/store/pg.adapter.js';
import type { SqlPort } from '../../../services/store/port.js';
import { buildAuthTestApp, signIn, type AuthTestApp } from '../../helpers/auth.js';
import { TWO_INTERSECTIONS_PATH } from '../../helpers/networks.js';
import { describeWith } from '../../helpers/services.js';
import { createTestDatabase } from '../../helpers/test-stores.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI file as `npm run users/keys` does (tsx), with its own environment. */
function runCli(script: 'users' | 'keys', args: string[], env: Record<string, string>, stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `services/auth/cli/${script}.cli.ts`, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const shownOnce = (output: string, label: RegExp): string => {
  const match = new RegExp(`${label.source}\\s*(\\S+)`).exec(output);
  if (!match?.[1]) throw new Error(`no secret in output: ${output}`);
  return match[1];
};

await describeWith(['postgres'], 'npm run users / npm run keys against a fresh PostgreSQL database', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: SqlPort;
  let t: AuthTestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url, ZHIDU_NETWORK: TWO_INTERSECTIONS_PATH, LOG_LEVEL: 'silent' };
    // The first command migrates the fresh database, as the server would.
    expect((await runCli('users', ['list'], env)).code).toBe(0);
    store = await openPgStore({ connectionString: database.url, onConnectionError: () => undefined });
    // No credential cache: the CLI is another process, and this API process must see its revocations at once
    // (with the default cache they show within 5 s).
    t = await buildAuthTestApp(store, {}, { jwtSecret: null, credentialCacheMs: 0 });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await store?.close();
    await database?.drop();
  });

  it('creates an admin with a generated password printed once, which signs in', async () => {
    const run = await runCli('users', ['create', '--name', 'chief', '--role', 'admin', '--display-name', '值班主任'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^created user chief \(id \d+, role admin\)/);
    const password = shownOnce(run.stdout, /password \(shown once\):/);
    // 20 characters in groups of 4: 24 with the dashes.
    expect(password).toMatch(/^([a-zA-Z2-9]{4}-){4}[a-zA-Z2-9]{4}$/);
    const session = await signIn(t.app, 'chief', password);
    expect(session.body.user).toMatchObject({ name: 'chief', displayName: '值班主任', role: 'admin' });
  }, 60_000);

  it('takes a password on standard input, applying the policy', async () => {
    const weak = await runCli('users', ['create', '--name', 'wang.fang', '--role', 'engineer', '--password-stdin'], env, 'wang.fang\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('must be at least 12 characters');
    expect(weak.stderr).toContain('must not be the user name');
    const ok = await runCli('users', ['create', '--name', 'wang.fang', '--role', 'engineer', '--password-stdin'], env, 'signal timing 2026\n');
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain('shown once');
    await signIn(t.app, 'wang.fang', 'signal timing 2026');
    const again = await runCli('users', ['create', '--name', 'Wang.Fang', '--role', 'viewer'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  }, 60_000);

  it('resets a password: the old one and the open sessions stop working', async () => {
    const before = await signIn(t.app, 'wang.fang', 'signal timing 2026');
    const run = await runCli('users', ['reset-password', '--name', 'wang.fang'], env);
    expect(run.code).toBe(0);
    const password = shownOnce(run.stdout, /password \(shown once\):/);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${before.accessToken}` } })).statusCode).toBe(401);
    await expect(signIn(t.app, 'wang.fang', 'signal timing 2026')).rejects.toThrow(/401/);
    await signIn(t.app, 'wang.fang', password);
  }, 60_000);

  it('creates a scoped feed key printed once, lists it without the secret, and revokes it', async () => {
    const unknown = await runCli('keys', ['create', '--name', 'controllers', '--intersections', 'A,Z9'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown intersection Z9');

    const run = await runCli('keys', ['create', '--name', 'Heping controllers', '--intersections', 'A'], env);
    expect(run.code).toBe(0);
    const secret = shownOnce(run.stdout, /key \(shown once; send as X-Api-Key or Authorization: Bearer\):/);
    expect(secret).toMatch(/^zk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    const feed = await t.auth.keys.authenticate(secret);
    expect(feed).toMatchObject({ kind: 'feed', name: 'Heping controllers', intersections: ['A'] });

    const list = await runCli('keys', ['list'], env);
    expect(list.stdout).toContain('Heping controllers\tA');
    expect(list.stdout).not.toContain(secret.slice(12));

    const revoke = await runCli('keys', ['revoke', '--id', feed.keyId], env);
    expect(revoke.code).toBe(0);
    await expect(t.auth.keys.authenticate(secret)).rejects.toMatchObject({ code: 'ZHIDU_ERR_UNAUTHENTICATED' });
  }, 60_000);

  it('records every change in the audit log as the operator, never the secrets', async () => {
    const rows = await store.query<{ actor_kind: string; actor_name: string; action: string; before: unknown; after: unknown }>(
      `SELECT actor_kind, actor_name, action, before, after FROM audit_log WHERE actor_name LIKE 'cli:%' ORDER BY id`,
    );
    expect(rows.rows.map((r) => r.action)).toEqual(['user.create', 'user.create', 'user.reset-password', 'api-key.create', 'api-key.revoke']);
    expect(new Set(rows.rows.map((r) => r.actor_kind))).toEqual(new Set(['system']));
    const text = JSON.stringify(rows.rows);
    expect(text).not.toMatch(/argon2|signal timing 2026|zk_[0-9a-f]{8}_/);
  });

  it('answers a wrong command line with the usage and exit code 2', async () => {
    const run = await runCli('users', ['create', '--name', 'x y', '--role', 'admin'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run users');
    const keys = await runCli('keys', ['rotate'], env);
    expect(keys.code).toBe(2);
    expect(keys.stderr).toContain('usage: npm run keys');
  }, 60_000);
});
