/**
 * Migration runner over the SQL port: ordered `.sql` files in `migrations/`,
 * applied once, recorded in `schema_migrations`, safe to re-run and safe when
 * several processes start together (one advisory lock, one transaction).
 *
 * A file may hold variant sections: lines after `-- @timescale` apply only when the
 * database uses TimescaleDB, lines after `-- @plain` only when it does not, and
 * `-- @end` returns to lines for both. The variant is chosen once, at the first
 * migration, and recorded: a database never switches variant.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlExecutor, SqlPort } from './port.js';

export type SchemaVariant = 'timescale' | 'plain';

export interface Migration {
  /** File name without `.sql`, e.g. `0001_core`; applied in lexical order. */
  id: string;
  sql: string;
}

export interface MigrationReport {
  variant: SchemaVariant;
  applied: string[];
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const LOCK_KEY = 72_420_001;
const MARKER = /^\s*--\s*@(timescale|plain|end)\s*$/;

/**
 * The statements of a migration that apply to `variant`.
 *
 * @example selectVariant('a;\n-- @plain\nb;\n-- @end\nc;', 'timescale') // 'a;\nc;'
 */
export function selectVariant(sql: string, variant: SchemaVariant): string {
  let section: 'both' | SchemaVariant = 'both';
  const kept: string[] = [];
  for (const line of sql.split('\n')) {
    const marker = MARKER.exec(line);
    if (marker) {
      section = marker[1] === 'end' ? 'both' : (marker[1] as SchemaVariant);
      continue;
    }
    if (section === 'both' || section === variant) kept.push(line);
  }
  return kept.join('\n');
}

/** Reads the migration files of a directory in order. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (file) => ({ id: file.replace(/\.sql$/, ''), sql: await readFile(join(dir, file), 'utf8') })));
}

function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex').slice(0, 16);
}

async function chooseVariant(tx: SqlExecutor, timescaleAvailable: boolean): Promise<SchemaVariant> {
  if (!timescaleAvailable) return 'plain';
  // The extension may be listed but not loadable (missing from shared_preload_libraries).
  await tx.query('SAVEPOINT zhidu_timescale');
  try {
    await tx.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    await tx.query('RELEASE SAVEPOINT zhidu_timescale');
    return 'timescale';
  } catch {
    await tx.query('ROLLBACK TO SAVEPOINT zhidu_timescale');
    return 'plain';
  }
}

/**
 * Applies every pending migration and sets `store.capabilities.timescale` to the variant in use.
 *
 * @throws {MigrationError} when an applied migration's file changed, or a statement fails.
 * @example const { variant, applied } = await migrate(store);
 */
export async function migrate(store: SqlPort, migrations?: Migration[]): Promise<MigrationReport> {
  const files = migrations ?? (await readMigrations());
  const report = await store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.execScript(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY,
      checksum text NOT NULL,
      variant text NOT NULL CHECK (variant IN ('timescale', 'plain')),
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = await tx.query<{ id: string; checksum: string; variant: SchemaVariant }>(
      'SELECT id, checksum, variant FROM schema_migrations ORDER BY id',
    );
    const variant = done.rows[0]?.variant ?? (await chooseVariant(tx, store.capabilities.timescale));
    const appliedById = new Map(done.rows.map((r) => [r.id, r.checksum]));
    const applied: string[] = [];
    for (const migration of files) {
      const sum = checksum(migration.sql);
      const previous = appliedById.get(migration.id);
      if (previous !== undefined) {
        if (previous !== sum) {
          throw new MigrationError(`migration ${migration.id} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      try {
        await tx.execScript(selectVariant(migration.sql, variant));
      } catch (error) {
        throw new MigrationError(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
      }
      await tx.query('INSERT INTO schema_migrations (id, checksum, variant) VALUES ($1, $2, $3)', [migration.id, sum, variant]);
      applied.push(migration.id);
    }
    return { variant, applied };
  });
  store.capabilities.timescale = report.variant === 'timescale';
  return report;
}
