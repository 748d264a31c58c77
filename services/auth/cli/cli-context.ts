/**
 * What the `users` and `keys` commands share: the configuration from the same
 * environment as the server, the store it names, an auditor that records the
 * operator as `cli:<OS user>`, and the exit conventions (0 done, 1 refused, 2 usage).
 */
import { userInfo } from 'node:os';
import pino from 'pino';
import { ConfigError, loadConfig, type Config } from '../../config/index.js';
import type { ZhiduError } from '../../contracts/errors.js';
import { openStore } from '../../store/open-store.js';
import type { SqlPort } from '../../store/port.js';
import { directAuditor, type Auditor } from '../audit.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Everything on standard input (for `--password-stdin`). */
  readStdin(): Promise<string>;
}

export interface CliContext {
  config: Readonly<Config>;
  store: SqlPort;
  auditor: Auditor;
  close(): Promise<void>;
}

/** A wrong command line: print the usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The operator as the audit log names them. */
export function cliActorName(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

/**
 * Opens the store the environment names (migrating it like the server does).
 *
 * @example const ctx = await openCliContext(process.env); try { ... } finally { await ctx.close(); }
 */
export async function openCliContext(environment: Record<string, string | undefined>): Promise<CliContext> {
  const config = loadConfig(environment);
  const store = await openStore(config, pino({ level: 'silent' }));
  return {
    config,
    store,
    auditor: directAuditor(store, { kind: 'system', id: null, name: cliActorName() }),
    close: () => store.close(),
  };
}

/** Reads standard input to its end. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The io of a real process. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin: () => readAll(process.stdin),
};

function isZhiduError(error: unknown): error is ZhiduError {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ZHIDU_ERR_');
}

/**
 * Runs a command and turns its outcome into an exit code, printing refusals plainly.
 *
 * @example process.exitCode = await runCli(() => usersCli(argv, processIo), processIo, USAGE);
 */
export async function runCli(command: () => Promise<void>, io: CliIo, usage: string): Promise<number> {
  try {
    await command();
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    if (isZhiduError(error)) {
      const fields = (error.extras?.errors ?? []).map((e) => `\n  ${e.field}: ${e.reason}`).join('');
      io.err(`refused: ${error.message}${fields}\n`);
      return 1;
    }
    io.err(`failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
