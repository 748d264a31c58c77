/**
 * Loads named SQL statements from `sql/<name>.sql` (CONVENTIONS 9). Each file
 * holds one parameterised statement under a header that lists its parameters,
 * units and returned columns. Files are read once and cached.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SQL_DIR = new URL('./sql/', import.meta.url);
const cache = new Map<string, string>();

/**
 * The statement in `services/store/sql/<name>.sql`.
 *
 * @example await store.query(sqlFile('timing-plans/insert-network-plan'), [id, plan])
 */
export function sqlFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(name)) throw new Error(`bad SQL file name ${name}`);
    text = readFileSync(fileURLToPath(new URL(`${name}.sql`, SQL_DIR)), 'utf8');
    cache.set(name, text);
  }
  return text;
}
