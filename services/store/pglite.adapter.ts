/**
 * SQL port adapter for embedded PostgreSQL (PGlite, WASM). Used by embedded
 * mode (persisted under the data directory) and by tests (in memory, or the
 * TimescaleDB build of PGlite). Bulk loads use PGlite's `COPY ... FROM '/dev/blob'`.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { copyHead, encodeCopyChunks } from './copy-text.js';
import type { QueryResult, SqlExecutor, SqlPort } from './port.js';

/** The part of the PGlite API the adapter needs; both PGlite builds (plain, TimescaleDB) satisfy it. */
export interface PgliteLike {
  query<T>(query: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(query: string): Promise<unknown>;
  transaction<T>(callback: (tx: PgliteTransactionLike) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
export interface PgliteTransactionLike {
  query<T>(query: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(query: string): Promise<unknown>;
}

/** Same value conventions as the pg adapter: int8 and numeric as numbers. */
export const PGLITE_PARSERS = {
  [pgliteTypes.INT8]: (value: string) => Number(value),
  [pgliteTypes.NUMERIC]: (value: string) => Number(value),
};

export interface PgliteStoreOptions {
  /** Directory to persist into; absent = in memory. Ignored when `instance` is given. */
  dataDir?: string;
  /** A ready PGlite instance (e.g. the TimescaleDB build in tests). */
  instance?: PgliteLike;
  /** Whether `instance` carries the timescaledb extension. */
  timescale?: boolean;
}

async function runQuery<R>(on: PgliteLike | PgliteTransactionLike, text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  const result = await on.query<R>(text, params as unknown[] | undefined);
  return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
}

async function runCopy(on: PgliteLike | PgliteTransactionLike, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number> {
  if (rows.length === 0) return 0;
  const blob = new Blob([...encodeCopyChunks(rows)]);
  await on.query(`${copyHead(table, columns)} FROM '/dev/blob'`, [], { blob });
  return rows.length;
}

/**
 * Opens (creating when needed) an embedded database.
 *
 * @example const store = await openPgliteStore({ dataDir: './data/pglite' });
 */
export async function openPgliteStore(options: PgliteStoreOptions = {}): Promise<SqlPort> {
  let db = options.instance;
  if (!db) {
    if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
    db = (await PGlite.create(options.dataDir ?? 'memory://', { parsers: PGLITE_PARSERS })) as unknown as PgliteLike;
  }
  const instance = db;
  return {
    adapter: 'pglite',
    capabilities: { timescale: options.timescale === true },
    query: (text, params) => runQuery(instance, text, params),
    copyRows: (table, columns, rows) => runCopy(instance, table, columns, rows),
    transaction: (fn) =>
      instance.transaction((tx) => {
        const executor: SqlExecutor = {
          query: (text, params) => runQuery(tx, text, params),
          copyRows: (table, columns, rows) => runCopy(tx, table, columns, rows),
          execScript: async (script) => {
            await tx.exec(script);
          },
        };
        return fn(executor);
      }),
    execScript: async (script) => {
      await instance.exec(script);
    },
    ping: async () => {
      await instance.query('select 1');
    },
    close: () => instance.close(),
  };
}
