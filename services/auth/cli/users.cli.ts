/**
 * `npm run users -- <command>`: manage user accounts from a shell on the server (the
 * way to make the first admin in server mode). Reads the same environment as the
 * server (DATABASE_URL, ZHIDU_DATA_DIR, ...). In embedded mode stop the server first:
 * the embedded database admits one process at a time.
 *
 *   create --name <name> --role <viewer|officer|engineer|admin> [--display-name <text>] [--password-stdin]
 *   reset-password --name <name> [--password-stdin]
 *   list
 *
 * Without --password-stdin a random password is generated and printed once.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { USER_NAME_PATTERN } from '../../contracts/auth.js';
import { Errors, problem } from '../../contracts/errors.js';
import { USER_ROLES, type UserRole } from '../../contracts/identity.js';
import { findUserByName } from '../../store/repositories/user.repository.js';
import { accessTokens } from '../access-tokens.js';
import { authMetrics } from '../auth-metrics.js';
import { resolveJwtSecret } from '../jwt-secret.js';
import { generatePassword } from '../passwords.js';
import { SessionService } from '../session.service.js';
import { UserService } from '../user.service.js';
import { openCliContext, processIo, runCli, UsageError, type CliContext, type CliIo } from './cli-context.js';

export const USERS_USAGE = `usage: npm run users -- <command>
  create --name <name> --role <${USER_ROLES.join('|')}> [--display-name <text>] [--password-stdin]
  reset-password --name <name> [--password-stdin]
  list
Without --password-stdin a random password is generated and printed once.
`;

async function userService(ctx: CliContext): Promise<UserService> {
  // Resetting a password ends the user's sessions, which needs the session service.
  const tokens = accessTokens(await resolveJwtSecret(ctx.store, ctx.config), { ttlS: ctx.config.auth.accessTokenTtlS });
  const sessions = new SessionService(ctx.store, { tokens, metrics: authMetrics(new Registry()), refreshTtlS: ctx.config.auth.refreshTokenTtlS });
  return new UserService(ctx.store, sessions);
}

async function passwordFrom(values: { 'password-stdin'?: boolean }, io: CliIo): Promise<{ password: string; generated: boolean }> {
  if (!values['password-stdin']) return { password: generatePassword(), generated: true };
  const text = (await io.readStdin()).replace(/\r?\n$/, '');
  if (text.length === 0) throw new UsageError('--password-stdin given but standard input was empty');
  return { password: text, generated: false };
}

function requiredName(values: { name?: string }): string {
  if (!values.name) throw new UsageError('--name is required');
  if (!new RegExp(USER_NAME_PATTERN, 'u').test(values.name)) {
    throw new UsageError('--name must be 2–64 letters, digits or . _ - @');
  }
  return values.name;
}

/**
 * Runs one users command.
 *
 * @example await usersCli(['create', '--name', 'li.wei', '--role', 'officer'], processIo, process.env);
 */
export async function usersCli(argv: string[], io: CliIo, environment: Record<string, string | undefined>): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: 'string' },
        role: { type: 'string' },
        'display-name': { type: 'string' },
        'password-stdin': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (positionals.length !== 1 || !['create', 'reset-password', 'list'].includes(command ?? '')) {
    throw new UsageError(command ? `unknown command ${positionals.join(' ')}` : 'no command');
  }
  if (command === 'create') {
    const name = requiredName(values);
    if (!values.role || !(USER_ROLES as readonly string[]).includes(values.role)) throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')}`);
    const { password, generated } = await passwordFrom(values, io);
    const ctx = await openCliContext(environment);
    try {
      const users = await userService(ctx);
      const displayName = values['display-name'];
      const created = await users.create(
        { name, role: values.role as UserRole, password, ...(displayName === undefined ? {} : { displayName }) },
        ctx.auditor,
      );
      io.out(`created user ${created.name} (id ${created.id}, role ${created.role})\n`);
      if (generated) io.out(`password (shown once): ${password}\n`);
    } finally {
      await ctx.close();
    }
    return;
  }
  if (command === 'reset-password') {
    const name = requiredName(values);
    const { password, generated } = await passwordFrom(values, io);
    const ctx = await openCliContext(environment);
    try {
      const user = await findUserByName(ctx.store, name);
      if (!user) throw problem(Errors.NOT_FOUND, `user ${name}`);
      await (await userService(ctx)).resetPassword(user.id, password, ctx.auditor, '--password');
      io.out(`password of ${user.name} reset; their sessions have ended\n`);
      if (generated) io.out(`password (shown once): ${password}\n`);
    } finally {
      await ctx.close();
    }
    return;
  }
  const ctx = await openCliContext(environment);
  try {
    const users = await (await userService(ctx)).list();
    io.out('id\tname\trole\tdisabled\tdisplay name\n');
    for (const u of users) io.out(`${u.id}\t${u.name}\t${u.role}\t${u.disabled ? 'yes' : 'no'}\t${u.displayName ?? ''}\n`);
  } finally {
    await ctx.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(() => usersCli(process.argv.slice(2), processIo, process.env), processIo, USERS_USAGE);
}
