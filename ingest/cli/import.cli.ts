/**
 * `npm run import -- <file> [--intersection ID] [--tz ZONE]`: imports a controller log
 * (ATSPM-style CSV, headerless `timestamp,code,param`, NDJSON or a JSON array; gzip is
 * recognised) into the database the environment names, through the same validation and
 * group commit as the live feeds. Historical records are allowed back to the retention
 * period. Shows a progress bar on a terminal and prints a summary: accepted, duplicates,
 * rejected by reason (first rows with line numbers) and the time zone local times were
 * read in (the network's, Asia/Shanghai for the showcase, unless --tz names another).
 *
 * The importing operator is trusted like the server's own configuration: records are
 * written as the feed `cli:<OS user>` with every intersection in scope. Running engines
 * are not notified (there is none in this process); POST /ingest/v1/files is the way for
 * uploads that the live engine should see. In embedded mode stop the server first (one
 * process at a time on the embedded database).
 *
 * Exit codes: 0 imported, 1 nothing usable or the database failed, 2 wrong command line.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import pino from 'pino';
import { Registry } from 'prom-client';
import { formatNetworkFaults } from '../../geo/network/load-network.js';
import { indexNetwork } from '../../geo/network/network-index.js';
import { readNetworkFile } from '../../geo/network/read-network-file.js';
import { ConfigError, loadConfig } from '../../services/config/index.js';
import type { FeedPrincipal } from '../../services/contracts/identity.js';
import { openStore } from '../../services/store/open-store.js';
import { importFile, type ImportSummary } from '../feeds/file-import.js';
import { isKnownTimeZone } from '../formats/time-zone.js';
import { IngestPipeline } from '../pipeline.js';
import { REJECT_REASONS } from '../reject-reasons.js';

export const IMPORT_USAGE = `usage: npm run import -- <file> [--intersection ID] [--tz ZONE]
  <file>              CSV log (SignalId,Timestamp,EventCode,EventParam or timestamp,code,param),
                      NDJSON or a JSON array of events/samples; .gz is fine
  --intersection ID   the intersection of a log without a SignalId column; restricts the import to it
  --tz ZONE           IANA zone of local times in the file (default: the network's zone)
`;

/** Files are streamed (CSV, NDJSON); only a JSON array is held whole. */
const MAX_IMPORT_BYTES = 8 * 1024 ** 3;

export interface ImportIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether to draw a progress bar (a terminal is watching). */
  interactive: boolean;
}

/** A wrong command line: the usage is printed, exit code 2. */
export class ImportUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportUsageError';
  }
}

function operatorFeed(): FeedPrincipal {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no user database entry (containers): keep "unknown"
  }
  return { kind: 'feed', keyId: `cli:${user}`, name: `import CLI (${user})`, intersections: null };
}

/**
 * The summary as printed.
 *
 * @example formatSummary(summary, 'a.csv', 1234) // 'imported a.csv (csv) in 1.2 s ...'
 */
export function formatSummary(summary: ImportSummary, file: string, elapsedMs: number): string {
  const lines = [
    `imported ${file} (${summary.format}${summary.compressed ? ', gzip' : ''}) in ${(elapsedMs / 1000).toFixed(1)} s`,
    `  local times read in: ${summary.timeZone}`,
    `  accepted:   ${summary.accepted} (${summary.accepted - summary.duplicates} new, ${summary.duplicates} already stored)`,
    `  rejected:   ${summary.rejected} (kept in ingest_rejects)`,
  ];
  for (const [reason, n] of Object.entries(summary.rejectedByReason).sort((a, b) => b[1] - a[1])) {
    lines.push(`    ${reason.padEnd(22)} ${String(n).padStart(8)}  ${REJECT_REASONS[reason as keyof typeof REJECT_REASONS] ?? ''}`);
  }
  if (summary.rejects.length > 0) {
    lines.push('  first rejects:');
    for (const r of summary.rejects.slice(0, 10)) lines.push(`    line ${r.line ?? '-'}: ${r.reason}${r.field ? ` (${r.field})` : ''} — ${r.detail}`);
  }
  if (summary.fault) lines.push(`  the file could not be read to the end: ${summary.fault.detail}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Runs one import; returns the exit code.
 *
 * @example process.exitCode = await importCli(['log.csv', '--intersection', 'TJ01'], io, process.env);
 */
export async function importCli(argv: string[], io: ImportIo, environment: Record<string, string | undefined>): Promise<number> {
  let file: string;
  let intersection: string | undefined;
  let tz: string | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { intersection: { type: 'string' }, tz: { type: 'string' } } });
    if (positionals.length !== 1) throw new ImportUsageError('name exactly one file');
    file = positionals[0] as string;
    intersection = values.intersection;
    tz = values.tz;
    if (tz !== undefined && !isKnownTimeZone(tz)) throw new ImportUsageError(`unknown time zone ${tz} (an IANA name such as Asia/Shanghai)`);
  } catch (error) {
    io.err(`${(error as Error).message}\n${IMPORT_USAGE}`);
    return 2;
  }
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    io.err(`cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const loaded = await readNetworkFile(config.networkPath);
  if (!loaded.ok) {
    io.err(`network file ${config.networkPath} is invalid:\n${formatNetworkFaults(loaded.faults)}\n`);
    return 1;
  }
  const network = indexNetwork(loaded.network);
  if (intersection !== undefined && !network.intersections.has(intersection)) {
    io.err(`intersection ${intersection} is not in the network (${config.networkPath})\n`);
    return 2;
  }
  const logger = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
  const store = await openStore(config, logger);
  const pipeline = new IngestPipeline({
    store,
    network,
    registry: new Registry(),
    logger,
    limits: {
      batchRows: config.ingest.batchRows,
      batchWaitMs: config.ingest.batchWaitMs,
      maxPendingRows: config.ingest.maxPendingRows,
      latenessS: config.ingest.latenessS,
      retentionDays: config.storage.retentionDays,
      reorderWindowMs: config.engine.reorderWindowMs,
    },
  });
  const bar = io.interactive ? new SingleBar({ format: ' {bar} {percentage}% | {mb}/{totalMb} MB | {eta_formatted} left', hideCursor: true }) : undefined;
  bar?.start(size, 0, { mb: '0.0', totalMb: (size / 1e6).toFixed(1) });
  const startedAt = performance.now();
  try {
    const summary = await importFile(pipeline, operatorFeed(), createReadStream(file), {
      timeZone: tz ?? loaded.network.timezone,
      maxBytes: MAX_IMPORT_BYTES,
      ...(intersection !== undefined ? { intersection } : {}),
      onProgress: (bytes) => bar?.update(bytes, { mb: (bytes / 1e6).toFixed(1) }),
    });
    bar?.update(size, { mb: (size / 1e6).toFixed(1) });
    bar?.stop();
    io.out(formatSummary(summary, file, performance.now() - startedAt));
    return summary.accepted > 0 && !summary.fault ? 0 : 1;
  } catch (error) {
    bar?.stop();
    io.err(`import failed, nothing after the last committed batch was stored: ${(error as Error).message}\n(re-running the import is safe: stored records are recognised)\n`);
    return 1;
  } finally {
    await pipeline.close();
    await store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: ImportIo = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
  };
  process.exitCode = await importCli(process.argv.slice(2), io, process.env);
}
