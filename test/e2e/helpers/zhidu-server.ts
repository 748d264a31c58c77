/**
 * A real Zhidu process (what `npm start` runs) for the browser tests: embedded mode on a
 * fresh data directory, a fixed free port (so it can be restarted at the same address),
 * the first admin's password from its file, and users of each role created over the API.
 */
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import type { UserRole } from '../../../services/contracts/identity.js';
import { startZhiduProcess, type ZhiduProcess } from '../../helpers/zhidu-process.js';

export interface E2eUser {
  name: string;
  password: string;
  role: UserRole;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface E2eServer {
  origin: string;
  process: ZhiduProcess;
  admin: E2eUser;
  /** Stops the process (SIGINT) and starts it again on the same data and port. */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * @example const server = await startE2eServer(dataDir, { ZHIDU_SIMULATOR: 'on' });
 */
export async function startE2eServer(dataDir: string, env: Record<string, string> = {}): Promise<E2eServer> {
  const port = await freePort();
  const fullEnv = { ZHIDU_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...env };
  let proc = startZhiduProcess(fullEnv);
  const origin = (await proc.ready).replace(/\/$/, '');
  // The API answers before a first dashboard build is done; the browser needs the app.
  await proc.dashboardSettled;
  const passwordFile = await readFile(join(dataDir, 'first-admin-password.txt'), 'utf8');
  const password = passwordFile.trim().split(/\s+/).pop() ?? '';
  const server: E2eServer = {
    origin,
    get process() {
      return proc;
    },
    admin: { name: 'admin', password, role: 'admin' },
    async restart({ downMs = 0 } = {}) {
      await proc.stop('SIGINT');
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      // Pages already loaded reconnect by themselves: the restart is over when the API answers.
      proc = startZhiduProcess(fullEnv);
      await proc.ready;
    },
    stop: async () => {
      await proc.stop('SIGINT');
    },
  };
  return server;
}

/** Signs in over HTTP and returns the access token. */
export async function accessTokenOf(origin: string, user: Pick<E2eUser, 'name' | 'password'>): Promise<string> {
  const response = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: user.name, password: user.password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${user.name} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/**
 * Creates a user of `role` as the admin (`POST /api/v1/users`).
 *
 * @example const officer = await createE2eUser(server, 'officer');
 */
export async function createE2eUser(server: Pick<E2eServer, 'origin' | 'admin'>, role: UserRole, displayName?: string): Promise<E2eUser> {
  const token = await accessTokenOf(server.origin, server.admin);
  const user = { name: `e2e-${role}`, password: `e2e-${role}-Password-2026`, role };
  const response = await fetch(`${server.origin}/api/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...user, ...(displayName ? { displayName } : {}) }),
  });
  if (response.status !== 201) throw new Error(`creating ${role} failed: ${response.status} ${await response.text()}`);
  return user;
}
