/**
 * The fastify app factory (CONVENTIONS 5): builds the HTTP API from an
 * `AppContext`; never listens. `main.ts` listens; tests use `app.inject()`.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault, type RouteOptions } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { NetworkIndex } from '../../geo/network/network-index.js';
import ingestRoutes from '../../ingest/feeds/routes.js';
import type { IngestPipeline } from '../../ingest/pipeline.js';
import { feedRateLimit, rateLimitPluginOptions, type Auth } from '../auth/index.js';
import type { Config } from '../config/index.js';
import type { Alert } from '../contracts/live.js';
import type { LiveStateStore } from '../realtime/live-state-store.js';
import { Errors, problem } from '../contracts/errors.js';
import type { SqlPort } from '../store/port.js';
import access, { type Authenticator } from './plugins/access.js';
import auditPlugin from './plugins/audit.js';
import dashboard from './plugins/dashboard.js';
import { DEFAULT_DASHBOARD_PATHS } from './plugins/dashboard-build.js';
import health, { type ReadinessCheck } from './plugins/health.js';
import metrics from './plugins/metrics.js';
import openapi from './plugins/openapi.js';
import problemDetails, { sendProblem } from './plugins/problem-details.js';
import networkRoutes from './routes/network/network.routes.js';
import timingPlansRoutes from './routes/timing/plans.routes.js';
import timingSuggestionsRoutes from './routes/timing/suggestions.routes.js';
import type { JobRunner } from '../jobs/runner.js';
import { createTimingService, type TimingService } from '../timing/index.js';
import alertsRoutes from './routes/alerts/alerts.routes.js';
import measuresRoutes from './routes/measures/measures.routes.js';
import stateRoutes from './routes/state/state.routes.js';
import apiKeysRoutes from './routes/api-keys/api-keys.routes.js';
import auditRoutes from './routes/audit/audit.routes.js';
import authRoutes from './routes/auth/auth.routes.js';
import usersRoutes from './routes/users/users.routes.js';

/** The app with TypeBox typing of route schemas. */
export type ZhiduApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/** Everything the HTTP API needs, built by `main.ts` (or a test) and passed in. */
export interface AppContext {
  config: Readonly<Config>;
  store: SqlPort;
  network: NetworkIndex;
  logger: Logger;
  registry: Registry;
  authenticator: Authenticator;
  /** Identity services; when present, the auth, users, API-key and audit routes are served. */
  auth?: Auth;
  /** The ingest pipeline (the `ingest` role); when present, the /ingest/v1 routes are served. */
  ingest?: IngestPipeline;
  /** Sees every route as it is registered (the role × route matrix test lists them with it). */
  onRoute?: (route: RouteOptions) => void;
  /** The live picture the engine keeps (`GET /api/v1/state`); without it that route answers 503. */
  liveState?: LiveStateStore;
  /** Timing suggestions and plan versions (default: built over `store` and `network`, without live push). */
  timing?: TimingService;
  /** Queues on-demand timing runs; without it `POST /api/v1/timing/runs` answers 503. */
  jobs?: JobRunner;
  /** Pushes an alert changed through the API (acknowledged, closed, reported) to live subscribers. */
  publishAlert?: (alert: Alert) => Promise<void>;
  /** Readiness checks beyond the database (e.g. `redis`). */
  readiness?: Readonly<Record<string, ReadinessCheck>>;
  /** The built dashboard served at `/` (default `dashboard/dist`; tests may pass a prebuilt copy). */
  dashboardDistDir?: string;
  /** Whether the dashboard is being built right now (its page says so meanwhile). */
  dashboardBuilding?: () => boolean;
  version?: string;
}

/**
 * Builds the app; call `await app.ready()` (or `listen`) before use.
 *
 * @example const app = await buildApp(context); const res = await app.inject('/healthz');
 */
export async function buildApp(context: AppContext): Promise<ZhiduApp> {
  const { config } = context;
  const app = Fastify({
    loggerInstance: context.logger as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    genReqId: () => crypto.randomUUID(),
    // One line per request, at debug (feeds post several times a second per intersection; at
    // info they would bury everything else); server errors at warn. See the onResponse hook below.
    disableRequestLogging: true,
    // Errors the router raises before any route or error handler (over-long path parameters,
    // undecodable URLs) leave as problem+json too, without echoing the offending URL.
    frameworkErrors: (error, request, reply) => {
      const reason = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is longer than 100 characters' : 'the URL cannot be decoded';
      sendProblem(reply, request, problem(Errors.VALIDATION, reason, { errors: [{ field: '/url', reason }] }));
    },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (context.onRoute) app.addHook('onRoute', context.onRoute as (route: unknown) => void);
  app.addHook('onResponse', async (request, reply) => {
    const level = reply.statusCode >= 500 ? 'warn' : 'debug';
    // The route pattern, not the URL: query strings may carry tokens or personal data.
    request.log[level]({ method: request.method, route: request.routeOptions.url ?? null, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request completed');
  });

  await app.register(problemDetails, { registry: context.registry });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'", 'data:'],
      },
    },
  });
  await app.register(cors, { origin: config.http.corsOrigins.length > 0 ? [...config.http.corsOrigins] : false });
  await app.register(access, { authenticator: context.authenticator, registry: context.registry, publicPrefixes: ['/docs'] });
  await app.register(rateLimit, rateLimitPluginOptions());
  await app.register(auditPlugin, { store: context.store, registry: context.registry });
  await app.register(openapi, { version: context.version ?? '0.0.0' });
  await app.register(metrics, { registry: context.registry });
  await app.register(health, { checks: { database: () => context.store.ping(), ...context.readiness } });
  await app.register(networkRoutes, { network: context.network });
  await app.register(stateRoutes, { network: context.network, liveState: context.liveState });
  await app.register(measuresRoutes, {
    store: context.store,
    network: context.network,
    maxSeriesPoints: config.api.maxSeriesPoints,
    delayBreakpoints: config.engine.delayBreakpoints,
  });
  await app.register(alertsRoutes, { store: context.store, network: context.network, publishAlert: context.publishAlert });
  const timing = context.timing ?? createTimingService({ store: context.store, network: context.network, logger: context.logger, registry: context.registry });
  await app.register(timingSuggestionsRoutes, { store: context.store, network: context.network, timing, jobs: context.jobs });
  await app.register(timingPlansRoutes, { timing });
  if (context.auth) {
    await app.register(authRoutes, { auth: context.auth, store: context.store });
    await app.register(usersRoutes, { auth: context.auth });
    await app.register(apiKeysRoutes, { auth: context.auth });
    await app.register(auditRoutes, { store: context.store });
  }
  if (context.ingest) {
    await app.register(ingestRoutes, {
      pipeline: context.ingest,
      maxBodyBytes: config.ingest.maxBodyBytes,
      defaultTimeZone: context.network.network.timezone,
      rateLimit: { ...feedRateLimit({ ratePerMinute: config.ingest.ratePerMinute, registry: context.registry }) },
    });
  }
  if (config.roles.includes('api')) {
    await app.register(dashboard, { distDir: context.dashboardDistDir ?? DEFAULT_DASHBOARD_PATHS.distDir,
      dashboard: config.dashboard,
      ...(context.dashboardBuilding ? { building: context.dashboardBuilding } : {}),
    });
  }
  return app;
}
