/**
 * Encoding of rows for PostgreSQL `COPY ... FROM STDIN` in text format.
 * https://www.postgresql.org/docs/current/sql-copy.html (Text Format)
 */

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One value in COPY text form: `\N` for null, ISO-8601 for dates, JSON for objects.
 *
 * @example encodeCopyValue('a\tb') // 'a\\tb'
 */
export function encodeCopyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '\\N';
    return String(value);
  } else if (typeof value === 'boolean') return value ? 't' : 'f';
  else if (typeof value === 'bigint') return value.toString();
  else if (value instanceof Date) return value.toISOString();
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    // PostgreSQL array literal for text[] / int[] columns.
    text = `{${value.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  } else text = JSON.stringify(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] as string) : text;
}

/**
 * Rows as COPY text, split into chunks of about `chunkBytes` characters so that a
 * large batch streams without one giant string.
 *
 * @example [...encodeCopyChunks([[1, 'a'], [2, null]])] // ['1\ta\n2\t\\N\n']
 */
export function* encodeCopyChunks(rows: readonly (readonly unknown[])[], chunkBytes = 256 * 1024): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + encodeCopyValue(row[i]);
    chunk += line + '\n';
    if (chunk.length >= chunkBytes) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Quotes an SQL identifier (table or column names come from code, never from input;
 * quoting keeps reserved words safe).
 *
 * @example quoteIdent('user') // '"user"'
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `COPY table (col, ...)` head shared by both adapters. */
export function copyHead(table: string, columns: readonly string[]): string {
  const qualified = table.split('.').map(quoteIdent).join('.');
  return `COPY ${qualified} (${columns.map(quoteIdent).join(', ')})`;
}
