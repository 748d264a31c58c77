/**
 * The server side of the fan-out benchmark, run as its own process so its CPU is its own:
 * the product's socket.io live server and publisher (`services/realtime`) on the showcase
 * network — or, for the side-by-side baseline, a bare `ws` server broadcasting the same
 * bytes. Driven over stdin/stdout with one JSON line per command and answer:
 *   → {"cmd":"start","hz":1}   publish a state delta of all 18 intersections hz times a second
 *   → {"cmd":"stop"}           ← {"publishes":n,"cpuMs":x,"wallMs":y,"payloadBytes":b}
 *   ← {"ready":"http://127.0.0.1:port","token":"…"} once listening
 */
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { Registry } from 'prom-client';
import { WebSocketServer } from 'ws';
import { indexNetwork } from '../../geo/network/network-index.js';
import { readNetworkFile, SHOWCASE_NETWORK_PATH } from '../../geo/network/read-network-file.js';
import { accessTokens } from '../../services/auth/access-tokens.js';
import type { IntersectionState, StateDelta } from '../../services/contracts/live.js';
import { createLivePublisher } from '../../services/realtime/live-publisher.js';
import { createLiveServer } from '../../services/realtime/live-server.js';
import { createMemoryLiveStateStore } from '../../services/realtime/live-state-store.js';

const mode = process.env.FANOUT_MODE === 'ws' ? 'ws' : 'socketio';
const secret = 'bench-live-fanout-secret-0123456789abcdef';
const tokens = accessTokens(secret, { ttlS: 3600 });
const loaded = await readNetworkFile(SHOWCASE_NETWORK_PATH);
if (!loaded.ok) throw new Error('showcase network invalid');
const network = indexNetwork(loaded.network);
const logger = pino({ level: 'warn' });

/** A realistic state of every intersection (four approaches each), stamped with `sourceTs`. */
function states(sourceTs: number): IntersectionState[] {
  return loaded.ok
    ? loaded.network.intersections.map((intersection, i) => ({
        intersectionId: intersection.id,
        sourceTs,
        congestionIndex: (i * 7 + sourceTs / 1000) % 10,
        level: 'light',
        flowVph: 2400 + i,
        greenPhases: [2, 6],
        planId: intersection.plan.id,
        cycleS: intersection.plan.cycleS,
        silent: false,
        controllerFault: null,
        approaches: intersection.approaches.map((approach) => ({
          approachId: approach.id,
          intersectionId: intersection.id,
          sourceTs,
          flowVph: 600,
          vc: 0.72,
          controlDelayS: 31.5,
          los: 'C',
          queueVeh: 8,
          queueM: 56,
          aogPct: 48,
          splitFailures: 1,
          cycles: 3,
          spillback: false,
          congestionIndex: 3.6,
          level: 'mostly-smooth',
          linkSpeedKmh: 28,
          degraded: [],
        })),
      }))
    : [];
}

const http = createServer();
let publishOnce: (sourceTs: number) => void;
/** Bytes of one delta as sent on the wire (socket.io event frame), measured outside the timed window. */
const payloadBytes = () => Buffer.byteLength(`42${JSON.stringify(['state', { sourceTs: Date.now(), intersections: states(Date.now()), areas: [] }])}`);
if (mode === 'socketio') {
  const live = createLiveServer({
    httpServer: http,
    network,
    store: createMemoryLiveStateStore(),
    verifyToken: async (token) => {
      const { claims, expiresAt } = tokens.verify(token);
      return { principal: { kind: 'user', userId: claims.sub, name: claims.name, role: claims.role, sessionId: claims.sid }, expiresAt };
    },
    logger,
    registry: new Registry(),
  });
  // minIntervalMs 0: the benchmark sets the rate itself (1 Hz, below the product's 2 Hz cap).
  const publisher = createLivePublisher({ namespace: live.namespace, network, store: createMemoryLiveStateStore(), logger, registry: new Registry(), minIntervalMs: 0 });
  publishOnce = (sourceTs) => void publisher.publishState(states(sourceTs), []);
} else {
  const wss = new WebSocketServer({ server: http });
  publishOnce = (sourceTs) => {
    const delta: StateDelta = { sourceTs, intersections: states(sourceTs), areas: [] };
    // the same bytes socket.io sends for an event: 42["state",{...}]
    const payload = `42${JSON.stringify(['state', delta])}`;
    for (const client of wss.clients) client.send(payload);
  };
}

await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const { port } = http.address() as { port: number };
const token = tokens.issue({ sub: '1', name: 'bench', role: 'viewer', sid: 'bench' }).token;
process.stdout.write(`${JSON.stringify({ ready: `http://127.0.0.1:${port}`, token })}\n`);

let timer: NodeJS.Timeout | undefined;
let publishes = 0;
let cpuAtStart = process.cpuUsage();
let wallAtStart = performance.now();
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { cmd: 'start'; hz: number } | { cmd: 'stop' } | { cmd: 'exit' };
  if (command.cmd === 'start') {
    publishes = 0;
    cpuAtStart = process.cpuUsage();
    wallAtStart = performance.now();
    timer = setInterval(() => {
      publishes += 1;
      publishOnce(Date.now());
    }, 1000 / command.hz);
  } else if (command.cmd === 'stop') {
    clearInterval(timer);
    const cpu = process.cpuUsage(cpuAtStart);
    process.stdout.write(`${JSON.stringify({ publishes, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wallAtStart, payloadBytes: payloadBytes() })}\n`);
  } else {
    process.exit(0);
  }
}
