/**
 * Opens the store the configuration asks for — a PostgreSQL server, or PGlite
 * under the data directory — and brings its schema up to date.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { migrate } from './migrate.js';
import { openPgStore } from './pg.adapter.js';
import { openPgliteStore } from './pglite.adapter.js';
import type { SqlPort } from './port.js';

/**
 * @example const store = await openStore(config, logger);
 */
export async function openStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>, logger: Logger): Promise<SqlPort> {
  const store = config.databaseUrl
    ? await openPgStore({
        connectionString: config.databaseUrl,
        onConnectionError: (error) => logger.warn({ err: error }, 'idle database connection failed; the pool replaces it'),
      })
    : await openPgliteStore({ dataDir: join(config.dataDir, 'pglite') });
  try {
    const report = await migrate(store);
    logger.info({ adapter: store.adapter, variant: report.variant, applied: report.applied }, 'database schema ready');
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
