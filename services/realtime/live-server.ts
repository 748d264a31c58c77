/**
 * The socket.io server of the live protocol (DESIGN §10): namespace `/live`,
 * user token in the handshake, `subscribe` → authorised scope → `snapshot`, then
 * pushes from the `LivePublisher`. Several API processes serve one audience
 * through the Redis streams adapter (passed in as `adapter`).
 */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { Server, type Socket } from 'socket.io';
import type { NetworkIndex } from '../../geo/network/network-index.js';
import type { UserPrincipal } from '../contracts/identity.js';
import type { ClientToServerEvents, LiveSocketData, ServerToClientEvents, Snapshot, SubscribeResult } from '../contracts/live.js';
import type { LiveNamespace } from './live-publisher.js';
import type { LiveStateStore } from './live-state-store.js';
import { inScope, parseScope, scopesOfAlert, scopesOfArea, scopesOfIntersection, type ParsedScope } from './scopes.js';

/** Verifies a user access token; throws when it is bad, expired or revoked. */
export type TokenVerifier = (token: string) => Promise<{ principal: UserPrincipal; expiresAt: number }>;

export type LiveServerAdapter = NonNullable<ConstructorParameters<typeof Server>[1]>['adapter'];

export interface LiveServerOptions {
  /** Attach to this HTTP server; absent = a detached server that only emits (engine processes). */
  httpServer?: HttpServer;
  network: NetworkIndex;
  store: LiveStateStore;
  verifyToken: TokenVerifier;
  logger: Logger;
  registry: Registry;
  corsOrigins?: readonly string[];
  adapter?: LiveServerAdapter;
}

export interface LiveServer {
  io: Server;
  namespace: LiveNamespace;
  close(): Promise<void>;
}

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;

/** Who may watch which scope: every signed-in role sees the whole city (command centre, field, engineering). */
export function mayWatch(principal: Pick<UserPrincipal, 'role'>, _scope: ParsedScope): boolean {
  return ['viewer', 'officer', 'engineer', 'admin'].includes(principal.role);
}

/** A snapshot of one scope from the live picture. */
export async function snapshotOf(scope: ParsedScope, store: LiveStateStore, network: NetworkIndex): Promise<Snapshot> {
  const picture = await store.read();
  const intersections = picture.intersections.filter((s) => inScope(scopesOfIntersection(s.intersectionId, network), scope.text));
  const areas = picture.areas.filter((a) => inScope(scopesOfArea(a), scope.text));
  const alerts = picture.alerts.filter((a) => inScope(scopesOfAlert(a, network), scope.text));
  const sourceTs = Math.max(0, ...intersections.map((s) => s.sourceTs), ...areas.map((a) => a.sourceTs));
  return { scope: scope.text, sourceTs, intersections, areas, alerts };
}

function refusal(code: string, message: string): Error & { data: { code: string } } {
  return Object.assign(new Error(message), { data: { code } });
}

export function createLiveServer(options: LiveServerOptions): LiveServer {
  const { network, store, logger } = options;
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>({
    serveClient: false,
    cors: { origin: options.corsOrigins && options.corsOrigins.length > 0 ? [...options.corsOrigins] : false },
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
  if (options.httpServer) io.attach(options.httpServer);
  const namespace = io.of('/live') as LiveNamespace;
  const refused = new Counter({
    name: 'zhidu_live_refused_total',
    help: 'Live connections and subscriptions refused, by error code',
    labelNames: ['code'] as const,
    registers: [options.registry],
  });
  new Gauge({
    name: 'zhidu_live_clients',
    help: 'Clients connected to /live on this process',
    registers: [options.registry],
    collect() {
      this.set(namespace.sockets.size);
    },
  });
  const expiryTimers = new Map<string, NodeJS.Timeout>();

  const armExpiry = (socket: LiveSocket, expiresAt: number) => {
    clearTimeout(expiryTimers.get(socket.id));
    const timer = setTimeout(() => {
      logger.info({ userId: socket.data.userId }, 'live connection closed: token expired');
      socket.disconnect(true);
    }, Math.max(0, expiresAt - Date.now()));
    timer.unref();
    expiryTimers.set(socket.id, timer);
  };

  const verify = async (token: unknown) => {
    if (typeof token !== 'string' || token.length === 0) throw refusal('ZHIDU_ERR_UNAUTHENTICATED', 'a user token is required in auth.token');
    try {
      return await options.verifyToken(token);
    } catch {
      throw refusal('ZHIDU_ERR_UNAUTHENTICATED', 'the token is invalid, expired or revoked');
    }
  };

  namespace.use(async (socket, next) => {
    try {
      const { principal, expiresAt } = await verify((socket.handshake.auth as { token?: unknown } | undefined)?.token);
      socket.data = { userId: principal.userId, role: principal.role, expiresAt };
      next();
    } catch (error) {
      refused.inc({ code: (error as { data?: { code?: string } }).data?.code ?? 'ZHIDU_ERR_UNAUTHENTICATED' });
      next(error as Error);
    }
  });

  namespace.on('connection', (socket: LiveSocket) => {
    armExpiry(socket, socket.data.expiresAt);
    const answer = (ack: ((result: SubscribeResult) => void) | undefined, result: SubscribeResult) => {
      if (!result.ok && result.code) refused.inc({ code: result.code });
      if (typeof ack === 'function') ack(result);
    };

    socket.on('subscribe', async (request, ack) => {
      try {
        const parsed = parseScope(request?.scope, network);
        if (!parsed.ok) return answer(ack, { ok: false, code: 'ZHIDU_ERR_NOT_FOUND' });
        if (!mayWatch({ role: socket.data.role as UserPrincipal['role'] }, parsed.scope)) return answer(ack, { ok: false, code: 'ZHIDU_ERR_FORBIDDEN' });
        await socket.join(parsed.scope.text);
        socket.emit('snapshot', await snapshotOf(parsed.scope, store, network));
        answer(ack, { ok: true });
      } catch (error) {
        logger.error({ err: error, userId: socket.data.userId }, 'live subscribe failed');
        answer(ack, { ok: false, code: 'ZHIDU_ERR_INTERNAL' });
      }
    });
    socket.on('unsubscribe', async (request) => {
      if (typeof request?.scope === 'string') await socket.leave(request.scope);
    });
    socket.on('authenticate', async (request, ack) => {
      try {
        const { principal, expiresAt } = await verify(request?.token);
        if (principal.userId !== socket.data.userId) return answer(ack, { ok: false, code: 'ZHIDU_ERR_FORBIDDEN' });
        socket.data = { ...socket.data, role: principal.role, expiresAt };
        armExpiry(socket, expiresAt);
        answer(ack, { ok: true });
      } catch {
        answer(ack, { ok: false, code: 'ZHIDU_ERR_UNAUTHENTICATED' });
      }
    });
    socket.on('error', (error) => logger.warn({ err: error, userId: socket.data.userId }, 'live socket error'));
    socket.on('disconnect', () => {
      clearTimeout(expiryTimers.get(socket.id));
      expiryTimers.delete(socket.id);
    });
  });

  return {
    io,
    namespace,
    close: async () => {
      for (const timer of expiryTimers.values()) clearTimeout(timer);
      expiryTimers.clear();
      // Not io.close(): it would also close the HTTP server, which belongs to fastify, and it
      // fails on a detached server (no engine).
      // `local`: with the cluster adapter a plain disconnectSockets would close every node's clients.
      namespace.local.disconnectSockets(true);
      for (const nsp of [io.sockets, namespace]) await (nsp.adapter as { close?: () => unknown }).close?.();
      io.engine?.close();
    },
  };
}
