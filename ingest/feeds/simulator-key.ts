/**
 * The built-in simulator feeds embedded mode through the real HTTP ingest path, so it
 * needs a feed API key like any controller. The key is created once and its secret
 * kept in `<dataDir>/simulator-feed.key` (mode 0600, readable by the OS user running
 * Zhidu only) — the only place the in-process feeder can read it back after a restart;
 * the database keeps only its hash. A key that was revoked (or a file from another
 * database) is replaced by a new one.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SIMULATOR_KEY_FILE = 'simulator-feed.key';
export const SIMULATOR_KEY_NAME = 'built-in simulator';

/** What provisioning needs from the key service (kept as a port: ingest does not import auth). */
export interface FeedKeyIssuer {
  /** Creates a key for every intersection; returns its secret. */
  create(name: string): Promise<{ secret: string }>;
  /** Whether the key still authenticates (known, not revoked). */
  isValid(secret: string): Promise<boolean>;
}

export interface SimulatorKey {
  secret: string;
  file: string;
  created: boolean;
}

async function readSecret(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text.length > 0 ? text : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The simulator's key: the stored one while it is valid, otherwise a new one (stored).
 *
 * @example const { secret } = await ensureSimulatorKey(config.dataDir, issuer); // send as X-Api-Key
 */
export async function ensureSimulatorKey(dataDir: string, issuer: FeedKeyIssuer): Promise<SimulatorKey> {
  const file = join(dataDir, SIMULATOR_KEY_FILE);
  const stored = await readSecret(file);
  if (stored !== undefined && (await issuer.isValid(stored))) return { secret: stored, file, created: false };
  const { secret } = await issuer.create(SIMULATOR_KEY_NAME);
  await mkdir(dataDir, { recursive: true });
  // Written beside and renamed, so a crash never leaves half a key; 0600 before the secret goes in.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, '', { mode: 0o600 });
  await chmod(temporary, 0o600);
  await writeFile(temporary, `${secret}\n`);
  await rename(temporary, file);
  return { secret, file, created: true };
}
