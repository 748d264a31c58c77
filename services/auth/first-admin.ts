/**
 * Embedded first start: when no admin exists, create `admin` with a random password,
 * print it once in a banner and keep it in `<dataDir>/first-admin-password.txt`
 * (mode 0600) — never a fixed default password. Once any admin exists, never again.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlPort } from '../store/port.js';
import { randomBytes } from 'node:crypto';
import { adminExists, findUserByName, insertUser, lockFirstAdminCreation } from '../store/repositories/user.repository.js';
import { writeAuditChange } from './audit.js';
import { generatePassword, hashPassword } from './passwords.js';
import { userRecord } from './user-views.js';

export const FIRST_ADMIN_NAME = 'admin';
export const FIRST_ADMIN_FILE = 'first-admin-password.txt';

export type FirstAdminResult = { created: false } | { created: true; name: string; password: string; passwordFile: string };

/**
 * The console banner announcing the first admin's password.
 *
 * @example process.stdout.write(firstAdminBanner('admin', pw, '/data/first-admin-password.txt'));
 */
export function firstAdminBanner(name: string, password: string, passwordFile: string): string {
  const lines = [
    'FIRST START: an administrator account was created.',
    `  user name: ${name}`,
    `  password:  ${password}`,
    `The password is also in ${passwordFile} (readable by this OS user only).`,
    'Sign in, change it (POST /api/v1/auth/password), then delete that file. It is shown only this once.',
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const rule = '='.repeat(width);
  return `\n${rule}\n${lines.map((l) => `  ${l}`).join('\n')}\n${rule}\n\n`;
}

/**
 * Creates the first admin when none exists.
 *
 * @example const result = await ensureFirstAdmin(store, { dataDir: config.dataDir });
 */
export async function ensureFirstAdmin(store: SqlPort, options: { dataDir: string }): Promise<FirstAdminResult> {
  if (await adminExists(store)) return { created: false };
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const created = await store.transaction(async (tx) => {
    await lockFirstAdminCreation(tx);
    if (await adminExists(tx)) return undefined;
    // A non-admin account may already be called `admin`; then the first admin gets a suffix.
    const name = (await findUserByName(tx, FIRST_ADMIN_NAME)) ? `${FIRST_ADMIN_NAME}-${randomBytes(2).toString('hex')}` : FIRST_ADMIN_NAME;
    const user = await insertUser(tx, { name, displayName: 'Administrator', role: 'admin', passwordHash });
    await writeAuditChange(tx, { kind: 'system', id: null, name: 'first-start' }, { action: 'user.create', target: { kind: 'user', id: user.id }, after: userRecord(user) });
    return user;
  });
  if (!created) return { created: false };
  await mkdir(options.dataDir, { recursive: true });
  const passwordFile = join(options.dataDir, FIRST_ADMIN_FILE);
  await writeFile(passwordFile, `${created.name}\n${password}\n`, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file; a leftover file gets 0600 too.
  await chmod(passwordFile, 0o600);
  return { created: true, name: created.name, password, passwordFile };
}
