import { execFile } from 'node:child_process';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pino from 'pino';
import { Registry } from 'prom-client';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert, ClientToServerEvents, ServerToClientEvents, Snapshot, StateDelta } from '../../../services/contracts/live.js';
import { createLiveServer, type LiveServer } from '../../../services/realtime/live-server.js';
import { createRedisLive, type RedisLive } from '../../../services/realtime/redis-live.js';
import { twoIntersectionIndex } from '../../helpers/networks.js';
import { deleteRedisPrefix, uniqueRedisPrefix } from '../../helpers/redis.js';
import { describeWith, TEST_REDIS_URL } from '../../helpers/services.js';

const run = promisify(execFile);
const PUBLISHER = fileURLToPath(new URL('../../fixtures/realtime/publish-from-another-process.ts', import.meta.url));

await describeWith(['redis'], 'live layer across processes (Redis streams adapter)', () => {
  const prefix = uniqueRedisPrefix();
  let http: HttpServer;
  let live: LiveServer;
  let redisLive: RedisLive;
  let url: string;

  beforeAll(async () => {
    http = createServer();
    redisLive = createRedisLive(TEST_REDIS_URL, prefix, pino({ level: 'silent' }));
    live = createLiveServer({
      httpServer: http,
      network: twoIntersectionIndex(),
      store: redisLive.store,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      adapter: redisLive.adapter,
      verifyToken: async () => ({ principal: { kind: 'user', userId: 'u', name: 'u', role: 'viewer', sessionId: 's' }, expiresAt: Date.now() + 60_000 }),
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await live.close();
    await new Promise((resolve) => http.close(resolve));
    await redisLive.close();
    await deleteRedisPrefix(prefix);
  });

  it('delivers what process A publishes to a client of process B, and B snapshots it', async () => {
    const client: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`${url}/live`, { auth: { token: 't' }, transports: ['websocket'] });
    try {
      const firstSnapshot = new Promise<Snapshot>((resolve) => client.once('snapshot', resolve));
      expect(await client.timeout(3000).emitWithAck('subscribe', { scope: 'city' })).toEqual({ ok: true });
      expect((await firstSnapshot).intersections).toEqual([]);
      const state = new Promise<StateDelta>((resolve) => client.once('state', resolve));
      const alert = new Promise<Alert>((resolve) => client.once('alert', resolve));

      const { stdout } = await run(process.execPath, ['--import', 'tsx', PUBLISHER, TEST_REDIS_URL, prefix], { timeout: 20_000 });
      expect(stdout).toContain('published');

      expect((await state).intersections).toMatchObject([{ intersectionId: 'A', congestionIndex: 8.5 }]);
      expect((await alert).id).toBe('cross-process');
      const again = new Promise<Snapshot>((resolve) => client.once('snapshot', resolve));
      await client.timeout(3000).emitWithAck('subscribe', { scope: 'intersection:A' });
      const snapshot = await again;
      expect(snapshot.intersections.map((s) => s.congestionIndex)).toEqual([8.5]);
      expect(snapshot.alerts.map((a) => a.id)).toEqual(['cross-process']);
    } finally {
      client.disconnect();
    }
  }, 30_000);
});
