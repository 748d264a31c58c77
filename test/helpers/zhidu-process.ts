/**
 * Runs `services/main.ts` as a real child process (what `npm start` runs), with
 * its own environment, and reads its JSON log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ZhiduProcess {
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: Record<string, unknown>[];
  stderr(): string;
  /** Resolves with the base URL once the process says it is ready (empty without an HTTP role). */
  ready: Promise<string>;
  /** Resolves once the dashboard build (run beside the start-up) is done or failed; never for processes without one. */
  dashboardSettled: Promise<void>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * @example const proc = startZhiduProcess({ ZHIDU_DATA_DIR: dir, PORT: '0' }); const url = await proc.ready;
 */
export function startZhiduProcess(env: Record<string, string>): ZhiduProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let errText = '';
  let buffered = '';
  let resolveReady: (url: string) => void = () => {};
  let rejectReady: (error: Error) => void = () => {};
  const ready = new Promise<string>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  let settleDashboard: () => void = () => {};
  const dashboardSettled = new Promise<void>((resolve) => {
    settleDashboard = resolve;
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'zhidu started') resolveReady(typeof entry.url === 'string' ? entry.url : '');
        if (typeof entry.msg === 'string' && entry.msg.startsWith('dashboard build failed')) settleDashboard();
        if (entry.msg === 'dashboard ready') settleDashboard();
      } catch {
        // not a log line
      }
      newline = buffered.indexOf('\n');
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    errText += chunk;
  });
  // A process that exits early rejects `ready`; callers that only await `exited` must not
  // see that as an unhandled rejection.
  ready.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      rejectReady(new Error(`zhidu exited with ${code} before it was ready: ${errText}`));
      resolve(code);
    });
  });
  return {
    child,
    logs,
    stderr: () => errText,
    ready,
    dashboardSettled,
    exited,
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
