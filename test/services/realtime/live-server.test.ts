import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Registry } from 'prom-client';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents, Snapshot, StateDelta } from '../../../services/contracts/live.js';
import { createLivePublisher, type LivePublisher } from '../../../services/realtime/live-publisher.js';
import { createLiveServer, type LiveServer, type TokenVerifier } from '../../../services/realtime/live-server.js';
import { createMemoryLiveStateStore, type LiveStateStore } from '../../../services/realtime/live-state-store.js';
import { alert, areaState, intersectionState } from '../../helpers/live-fixtures.js';
import { twoIntersectionIndex } from '../../helpers/networks.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const network = twoIntersectionIndex();
const logger = pino({ level: 'silent' });

/** Tokens the verifier accepts in this suite: name → expiry offset from now (ms). */
function verifierFor(tokens: Record<string, { userId: string; ttlMs: number }>): TokenVerifier {
  return async (token) => {
    const entry = tokens[token];
    if (!entry) throw new Error('bad token');
    return {
      principal: { kind: 'user', userId: entry.userId, name: entry.userId, role: 'viewer', sessionId: 's' },
      expiresAt: Date.now() + entry.ttlMs,
    };
  };
}

const nextEvent = <T>(socket: Client, event: keyof ServerToClientEvents, timeoutMs = 3000): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event as 'state', ((payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    }) as never);
  });

describe('live server', () => {
  let http: HttpServer;
  let live: LiveServer;
  let publisher: LivePublisher;
  let store: LiveStateStore;
  let url: string;
  const clients: Client[] = [];

  const client = (token?: string): Client => {
    const socket: Client = connect(`${url}/live`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false });
    clients.push(socket);
    return socket;
  };
  const subscribed = async (token: string, scope: string) => {
    const socket = client(token);
    const snapshot = nextEvent<Snapshot>(socket, 'snapshot');
    const ack = await socket.timeout(3000).emitWithAck('subscribe', { scope });
    return { socket, ack, snapshot: await snapshot };
  };

  beforeEach(async () => {
    http = createServer();
    store = createMemoryLiveStateStore();
    const registry = new Registry();
    live = createLiveServer({
      httpServer: http,
      network,
      store,
      logger,
      registry,
      verifyToken: verifierFor({ good: { userId: 'u1', ttlMs: 60_000 }, brief: { userId: 'u2', ttlMs: 300 }, fresh: { userId: 'u2', ttlMs: 60_000 } }),
    });
    publisher = createLivePublisher({ namespace: live.namespace, network, store, logger, registry, minIntervalMs: 500 });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const socket of clients.splice(0)) socket.disconnect();
    publisher.close();
    await live.close();
    await new Promise((resolve) => http.close(resolve));
  });

  it('refuses a connection without a valid token, with the error code', async () => {
    for (const token of [undefined, 'forged']) {
      const socket = client(token);
      const error = await new Promise<Error & { data?: { code: string } }>((resolve) => socket.once('connect_error', resolve));
      expect(error.data?.code).toBe('ZHIDU_ERR_UNAUTHENTICATED');
    }
  });

  it('answers a subscription with a snapshot of the scope', async () => {
    await publisher.publishState([intersectionState('A', 3.1), intersectionState('B', 6.4)], [areaState('city', 4), areaState('corridor:c1', 5)]);
    await publisher.publishAlert(alert('al-1', 'B'));
    const { ack, snapshot } = await subscribed('good', 'intersection:B');
    expect(ack).toEqual({ ok: true });
    expect(snapshot.scope).toBe('intersection:B');
    expect(snapshot.intersections.map((s) => s.intersectionId)).toEqual(['B']);
    expect(snapshot.alerts.map((a) => a.id)).toEqual(['al-1']);
    expect(snapshot.areas).toEqual([]);
    const city = await subscribed('good', 'city');
    expect(city.snapshot.intersections).toHaveLength(2);
    expect(city.snapshot.areas.map((a) => a.scope).sort()).toEqual(['city', 'corridor:c1']);
  });

  it('refuses an unknown scope in the acknowledgement', async () => {
    const socket = client('good');
    expect(await socket.timeout(3000).emitWithAck('subscribe', { scope: 'intersection:ZZ' })).toEqual({ ok: false, code: 'ZHIDU_ERR_NOT_FOUND' });
  });

  it('pushes state to the rooms that show it, and not to others', async () => {
    const b = await subscribed('good', 'intersection:B');
    const a = await subscribed('good', 'intersection:A');
    let aGot = 0;
    a.socket.on('state', () => {
      aGot += 1;
    });
    const delta = nextEvent<StateDelta>(b.socket, 'state');
    const sourceTs = Date.now() - 250;
    await publisher.publishState([intersectionState('B', 7, sourceTs)], []);
    expect(await delta).toMatchObject({ sourceTs, intersections: [{ intersectionId: 'B', congestionIndex: 7 }] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(aGot).toBe(0);
  });

  it('pushes at most twice a second per intersection, newest state last', async () => {
    const { socket } = await subscribed('good', 'intersection:A');
    const received: number[] = [];
    socket.on('state', (delta) => received.push(...delta.intersections.map((s) => s.congestionIndex)));
    for (let i = 1; i <= 6; i++) {
      await publisher.publishState([intersectionState('A', i)], []);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 700));
    // First update goes at once; the next five arrive within 300 ms and coalesce into one, the newest.
    expect(received).toEqual([1, 6]);
  });

  it('sends cycles only to the intersection view and alerts to every view that shows the intersection', async () => {
    const city = await subscribed('good', 'city');
    const b = await subscribed('good', 'intersection:B');
    const cycleAtB = nextEvent(b.socket, 'cycle');
    let cityCycles = 0;
    city.socket.on('cycle', () => {
      cityCycles += 1;
    });
    publisher.publishCycle({ intersectionId: 'B', phase: 2 } as never);
    await cycleAtB;
    const alertAtCity = nextEvent(city.socket, 'alert');
    await publisher.publishAlert(alert('al-2', 'B'));
    expect(await alertAtCity).toMatchObject({ id: 'al-2' });
    expect(cityCycles).toBe(0);
  });

  it('closes the connection when its token expires unless a fresh token is presented', async () => {
    const stale = client('brief');
    await new Promise<void>((resolve) => stale.once('connect', () => resolve()));
    const reason = await new Promise((resolve) => stale.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');

    const renewed = client('brief');
    await new Promise<void>((resolve) => renewed.once('connect', () => resolve()));
    expect(await renewed.timeout(3000).emitWithAck('authenticate', { token: 'fresh' })).toEqual({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(renewed.connected).toBe(true);
    expect(await renewed.timeout(3000).emitWithAck('authenticate', { token: 'good' })).toEqual({ ok: false, code: 'ZHIDU_ERR_FORBIDDEN' });
  });

  it('drops closed alerts from snapshots', async () => {
    await publisher.publishAlert(alert('al-3', 'A'));
    await publisher.publishAlert(alert('al-3', 'A', 'closed'));
    const { snapshot } = await subscribed('good', 'city');
    expect(snapshot.alerts).toEqual([]);
  });
});
