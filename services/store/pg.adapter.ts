/**
 * SQL port adapter for a PostgreSQL server through a `pg` Pool; bulk loads go
 * through `pg-copy-streams` (COPY FROM STDIN).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyHead, encodeCopyChunks } from './copy-text.js';
import type { QueryResult, SqlExecutor, SqlPort, StoreCapabilities } from './port.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** int8 and numeric as JS numbers on both adapters (counts and measures fit in a double). */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface PgStoreOptions {
  connectionString: string;
  /** Pool size; ingest group commit needs few, API reads many. */
  maxConnections?: number;
  /** Errors of idle pooled connections (e.g. a terminated backend): reported, never thrown. */
  onConnectionError?: (error: Error) => void;
  applicationName?: string;
}

type Queryable = pg.Pool | pg.PoolClient;

async function runQuery<R>(on: Queryable, text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  const result = await on.query(text, params as unknown[] | undefined);
  return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
}

async function runCopy(client: pg.PoolClient, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number> {
  if (rows.length === 0) return 0;
  const stream = client.query(copyFrom(`${copyHead(table, columns)} FROM STDIN`));
  await pipeline(Readable.from(encodeCopyChunks(rows)), stream);
  return Number(stream.rowCount ?? rows.length);
}

function executorFor(client: pg.PoolClient): SqlExecutor {
  return {
    query: (text, params) => runQuery(client, text, params),
    copyRows: (table, columns, rows) => runCopy(client, table, columns, rows),
    execScript: async (script) => {
      await client.query(script);
    },
  };
}

/**
 * Opens a pool and discovers capabilities.
 *
 * @example const store = await openPgStore({ connectionString: 'postgres://127.0.0.1/zhidu' });
 */
export async function openPgStore(options: PgStoreOptions): Promise<SqlPort> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    types: typeParsers,
    application_name: options.applicationName ?? 'zhidu',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => options.onConnectionError?.(error));

  const withClient = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    // The pool listens for errors of idle clients only: a checked-out client whose connection
    // dies (a terminated backend, a database restart) would otherwise emit an unhandled
    // 'error' and end the process. The statement in flight fails with the same error. The
    // listener is attached in the connect callback, synchronously: an error arriving in the
    // same network read as the connection's readiness must not find the client unguarded.
    const onError = (error: Error) => options.onConnectionError?.(error);
    const client = await new Promise<pg.PoolClient>((resolve, reject) => {
      pool.connect((error, connected) => {
        if (error || !connected) return reject(error ?? new Error('no client from the pool'));
        connected.on('error', onError);
        resolve(connected);
      });
    });
    let broken: Error | undefined;
    try {
      return await fn(client);
    } catch (error) {
      // A failed connection must not go back to the pool; a failed statement may.
      if (isConnectionError(error)) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
      client.removeListener('error', onError);
    }
  };

  const available = await runQuery<{ available: boolean }>(
    pool,
    "select exists(select 1 from pg_available_extensions where name = 'timescaledb') as available",
  );
  const capabilities: StoreCapabilities = { timescale: available.rows[0]?.available === true };

  return {
    adapter: 'pg',
    capabilities,
    query: (text, params) => runQuery(pool, text, params),
    copyRows: (table, columns, rows) => withClient((client) => runCopy(client, table, columns, rows)),
    transaction: (fn) =>
      withClient(async (client) => {
        await client.query('BEGIN');
        try {
          const result = await fn(executorFor(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    execScript: async (script) => {
      await pool.query(script);
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}

/** Errors that mean the connection itself is gone (class 08, 57P01 admin shutdown, socket errors). */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === 'ECONNRESET' || code === 'EPIPE' ||
    (error instanceof Error && /Connection terminated|connection ended|Client has encountered a connection error/i.test(error.message));
}
