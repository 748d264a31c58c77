/**
 * The SQL port (CONVENTIONS 3): the one seam between Zhidu and its database.
 * Two adapters implement it — `pg` against a PostgreSQL server and PGlite
 * embedded — and everything above it runs one code path.
 *
 * Value conventions, identical on both adapters: `int8` and `numeric` come back
 * as JS numbers, `timestamptz` as `Date`, `jsonb` as parsed JSON.
 */

/** Rows returned by a query. */
export interface QueryResult<R> {
  rows: R[];
  /** Rows returned or affected. */
  rowCount: number;
}

/** What runs SQL: the store itself or an open transaction. */
export interface SqlExecutor {
  /**
   * One parameterised statement (`$1`, `$2`, ...). Never build SQL from values.
   *
   * @example await sql.query<{ id: string }>('select id from users where name = $1', [name])
   */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /**
   * Bulk-loads rows with COPY (the fastest path of each adapter). Values are encoded as
   * in `encodeCopyText`. Returns the number of rows copied.
   *
   * @example await tx.copyRows('controller_events', ['ts', 'intersection_id', 'code', 'param'], rows)
   */
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number>;
  /** Runs a multi-statement script without parameters (migrations and DDL only). */
  execScript(script: string): Promise<void>;
}

/** Capabilities discovered when the store opens. */
export interface StoreCapabilities {
  /** The `timescaledb` extension is installed (or installable) in this database. */
  timescale: boolean;
}

export interface SqlPort extends SqlExecutor {
  readonly adapter: 'pg' | 'pglite';
  /** Set when the store opens; `migrate` settles `timescale` to the schema variant in use. */
  readonly capabilities: StoreCapabilities;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   *
   * @example await store.transaction(async (tx) => { await tx.copyRows(...); await tx.query(...); })
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
