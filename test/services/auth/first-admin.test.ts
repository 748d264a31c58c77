import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directAuditor } from '../../../services/auth/audit.js';
import { ensureFirstAdmin, FIRST_ADMIN_FILE, firstAdminBanner } from '../../../services/auth/first-admin.js';
import { buildAuthTestApp, signIn, type AuthTestApp } from '../../helpers/auth.js';
import { openTestStore, type TestStore } from '../../helpers/test-stores.js';
import { startZhiduProcess } from '../../helpers/zhidu-process.js';

describe('first admin of an embedded start', () => {
  let dataDir: string;
  let opened: TestStore;
  let t: AuthTestApp;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zhidu-first-admin-'));
    opened = await openTestStore('pglite');
    t = await buildAuthTestApp(opened.store);
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates admin with a random password kept in an owner-only file, once', async () => {
    const first = await ensureFirstAdmin(opened.store, { dataDir });
    if (!first.created) throw new Error('no admin created');
    expect(first.name).toBe('admin');
    expect(first.passwordFile).toBe(join(dataDir, FIRST_ADMIN_FILE));
    expect((await stat(first.passwordFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(first.passwordFile, 'utf8')).toBe(`admin\n${first.password}\n`);
    expect((await signIn(t.app, 'admin', first.password)).body.user.role).toBe('admin');

    expect(await ensureFirstAdmin(opened.store, { dataDir })).toEqual({ created: false });
    const audit = await opened.store.query<{ actor_name: string; action: string }>(`SELECT actor_name, action FROM audit_log WHERE actor_name = 'first-start'`);
    expect(audit.rows).toEqual([{ actor_name: 'first-start', action: 'user.create' }]);
  });

  it('creates none once any admin exists, even a disabled one', async () => {
    const other = await openTestStore('pglite');
    try {
      const auditor = directAuditor(other.store, { kind: 'system', id: null, name: 'test' });
      const t2 = await buildAuthTestApp(other.store);
      const created = await t2.auth.users.create({ name: 'chief', role: 'admin', password: 'an admin made by hand' }, auditor);
      await other.store.query('UPDATE users SET disabled_at = now() WHERE id = $1', [created.id]);
      expect(await ensureFirstAdmin(other.store, { dataDir: join(dataDir, 'other') })).toEqual({ created: false });
      await t2.close();
    } finally {
      await other.dispose();
    }
  });

  it('picks another name when a non-admin account is already called admin', async () => {
    const other = await openTestStore('pglite');
    try {
      const t2 = await buildAuthTestApp(other.store);
      await t2.auth.users.create({ name: 'admin', role: 'viewer', password: 'just a viewer named admin' }, directAuditor(other.store, { kind: 'system', id: null, name: 'test' }));
      const first = await ensureFirstAdmin(other.store, { dataDir: join(dataDir, 'renamed') });
      expect(first.created && first.name).toMatch(/^admin-[0-9a-f]{4}$/);
      await t2.close();
    } finally {
      await other.dispose();
    }
  });

  it('announces the password in a banner naming the file', () => {
    const banner = firstAdminBanner('admin', 'Hq7k-mZ2w-abcd-efgh-jkmn', '/srv/zhidu/data/first-admin-password.txt');
    expect(banner).toContain('  user name: admin');
    expect(banner).toContain('  password:  Hq7k-mZ2w-abcd-efgh-jkmn');
    expect(banner).toContain('/srv/zhidu/data/first-admin-password.txt');
    expect(banner).toMatch(/^\n=+\n/);
  });
});

describe('npm start, embedded first start', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zhidu-first-start-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the first admin’s password once, keeps it in <dataDir>/first-admin-password.txt (0600), and never again', async () => {
    const env = { ZHIDU_DATA_DIR: dataDir, PORT: '0', ZHIDU_SIMULATOR: 'off' };
    const first = startZhiduProcess(env);
    let console1 = '';
    first.child.stdout?.on('data', (chunk: string) => (console1 += chunk));
    const url = await first.ready;
    const file = join(dataDir, FIRST_ADMIN_FILE);
    const [name, password] = (await readFile(file, 'utf8')).trim().split('\n') as [string, string];
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(console1).toContain(`  password:  ${password}`);
    // The password reaches the console only: the JSON log lines never carry it.
    expect(JSON.stringify(first.logs)).not.toContain(password);
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
    expect(login.status).toBe(200);
    expect(await first.stop()).toBe(0);

    const second = startZhiduProcess(env);
    let console2 = '';
    second.child.stdout?.on('data', (chunk: string) => (console2 += chunk));
    await second.ready;
    expect(console2).not.toContain('FIRST START');
    expect((await readFile(file, 'utf8')).trim()).toBe(`${name}\n${password}`);
    expect(await second.stop()).toBe(0);
  }, 120_000);
});
