/**
 * `npm run keys -- <command>`: feed API keys from a shell on the server. Reads the same
 * environment as the server. In embedded mode stop the server first (one process at a
 * time on the embedded database).
 *
 *   create --name <text> --intersections <id,id,...|all>   prints the key once
 *   list
 *   revoke --id <id>
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { formatNetworkFaults } from '../../../geo/network/load-network.js';
import { readNetworkFile } from '../../../geo/network/read-network-file.js';
import { ApiKeyService } from '../api-key.service.js';
import { authMetrics } from '../auth-metrics.js';
import { openCliContext, processIo, runCli, UsageError, type CliIo } from './cli-context.js';

export const KEYS_USAGE = `usage: npm run keys -- <command>
  create --name <text> --intersections <id,id,...|all>   (the key is printed once)
  list
  revoke --id <id>
`;

/**
 * Runs one keys command.
 *
 * @example await keysCli(['create', '--name', 'Heping controllers', '--intersections', 'TJ01,TJ02'], processIo, process.env);
 */
export async function keysCli(argv: string[], io: CliIo, environment: Record<string, string | undefined>): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { name: { type: 'string' }, intersections: { type: 'string' }, id: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (positionals.length !== 1 || !['create', 'list', 'revoke'].includes(command ?? '')) {
    throw new UsageError(command ? `unknown command ${positionals.join(' ')}` : 'no command');
  }
  let scope: string[] | null = null;
  if (command === 'create') {
    if (!values.name || values.name.length > 100) throw new UsageError('--name is required (at most 100 characters)');
    if (!values.intersections) throw new UsageError('--intersections is required: a comma-separated list of ids, or all');
    scope = values.intersections === 'all' ? null : [...new Set(values.intersections.split(',').map((s) => s.trim()).filter(Boolean))];
    if (scope !== null && scope.length === 0) throw new UsageError('--intersections names no intersection');
  }
  if (command === 'revoke' && !/^[0-9]{1,18}$/.test(values.id ?? '')) throw new UsageError('--id must be a key id (see list)');

  const ctx = await openCliContext(environment);
  try {
    const network = await readNetworkFile(ctx.config.networkPath);
    if (!network.ok) throw new Error(`network file ${ctx.config.networkPath} is invalid:\n${formatNetworkFaults(network.faults)}`);
    const keys = new ApiKeyService(ctx.store, {
      metrics: authMetrics(new Registry()),
      knownIntersections: new Set(network.network.intersections.map((i) => i.id)),
    });
    if (command === 'create') {
      const { key, secret } = await keys.create({ name: values.name as string, intersections: scope }, ctx.auditor, null);
      io.out(`created API key ${key.id} "${key.name}" for ${key.intersections === null ? 'all intersections' : key.intersections.join(', ')}\n`);
      io.out(`key (shown once; send as X-Api-Key or Authorization: Bearer): ${secret}\n`);
    } else if (command === 'revoke') {
      const key = await keys.revoke(values.id as string, ctx.auditor);
      io.out(`revoked API key ${key.id} "${key.name}" at ${key.revokedAt}\n`);
    } else {
      io.out('id\tprefix\tname\tintersections\trevoked\tlast used\n');
      for (const k of await keys.list()) {
        io.out(`${k.id}\tzk_${k.prefix}\t${k.name}\t${k.intersections === null ? 'all' : k.intersections.join(',')}\t${k.revokedAt ?? ''}\t${k.lastUsedAt ?? ''}\n`);
      }
    }
  } finally {
    await ctx.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(() => keysCli(process.argv.slice(2), processIo, process.env), processIo, KEYS_USAGE);
}
