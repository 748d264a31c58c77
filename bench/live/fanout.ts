/**
 * Fan-out measurement: N clients connected to one server process (fanout-server.ts), a
 * state delta of the whole network published `hz` times a second for `seconds`, and per
 * client the deltas that arrived. Delivered share = arrivals ÷ (clients × publishes).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface FanoutResult {
  mode: 'socketio' | 'ws';
  clients: number;
  connected: number;
  publishes: number;
  delivered: number;
  deliveredPct: number;
  /** Server process CPU while publishing, % of one core. */
  serverCpuPct: number;
  /** Server CPU per delivered message, µs. */
  cpuPerMessageUs: number;
  payloadBytes: number;
  connectMs: number;
}

interface ServerHandle {
  send(command: object): void;
  next(): Promise<Record<string, unknown>>;
  kill(): void;
}

function startServer(mode: 'socketio' | 'ws'): ServerHandle {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/live/fanout-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, FANOUT_MODE: mode },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    send: (command) => child.stdin.write(`${JSON.stringify(command)}\n`),
    next: async () => {
      const { value, done } = await lines.next();
      if (done) throw new Error('fan-out server exited');
      return JSON.parse(String(value)) as Record<string, unknown>;
    },
    kill: () => child.kill('SIGKILL'),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects socket.io clients in batches (a thousand simultaneous handshakes is not what a wall does). */
async function connectSocketIo(url: string, token: string, count: number, seen: Set<number>[]): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, (_, k) => {
      const index = start + k;
      const socket = io(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      socket.on('state', (delta: { sourceTs: number }) => seen[index]?.add(delta.sourceTs));
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.once('connect_error', reject);
        socket.once('connect', () => socket.emit('subscribe', { scope: 'city' }, () => resolve()));
      });
    });
    await Promise.all(batch);
  }
  return sockets;
}

async function connectWs(url: string, count: number, seen: Set<number>[]): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let start = 0; start < count; start += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, count - start) }, (_, k) => {
        const index = start + k;
        const socket = new WebSocket(url.replace(/^http/, 'ws'));
        socket.on('message', (data) => {
          const text = String(data);
          const delta = JSON.parse(text.slice(2)) as [string, { sourceTs: number }];
          seen[index]?.add(delta[1].sourceTs);
        });
        sockets.push(socket);
        return new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        });
      }),
    );
  }
  return sockets;
}

/**
 * @example const result = await measureFanout({ mode: 'socketio', clients: 1000, seconds: 30, hz: 1 });
 */
export async function measureFanout(options: { mode: 'socketio' | 'ws'; clients: number; seconds: number; hz: number }): Promise<FanoutResult> {
  const server = startServer(options.mode);
  try {
    const { ready, token } = (await server.next()) as { ready: string; token: string };
    const seen = Array.from({ length: options.clients }, () => new Set<number>());
    const connectStarted = performance.now();
    const sockets =
      options.mode === 'socketio' ? await connectSocketIo(ready, token, options.clients, seen) : await connectWs(ready, options.clients, seen);
    const connectMs = performance.now() - connectStarted;
    await pause(1000);
    server.send({ cmd: 'start', hz: options.hz });
    await pause(options.seconds * 1000);
    server.send({ cmd: 'stop' });
    const report = (await server.next()) as { publishes: number; cpuMs: number; wallMs: number; payloadBytes: number };
    // let the last deltas in flight arrive before counting
    await pause(1500);
    const delivered = seen.reduce((sum, set) => sum + set.size, 0);
    for (const socket of sockets) (socket as { close(): void }).close();
    const expected = options.clients * report.publishes;
    return {
      mode: options.mode,
      clients: options.clients,
      connected: sockets.length,
      publishes: report.publishes,
      delivered,
      deliveredPct: expected === 0 ? 0 : (delivered / expected) * 100,
      serverCpuPct: (report.cpuMs / report.wallMs) * 100,
      cpuPerMessageUs: delivered === 0 ? 0 : (report.cpuMs * 1000) / delivered,
      payloadBytes: report.payloadBytes,
      connectMs,
    };
  } finally {
    server.send({ cmd: 'exit' });
    setTimeout(() => server.kill(), 2000).unref();
  }
}
