/**
 * The composition root: builds every part a process runs from the configuration
 * (store, network, HTTP API, ...) and stops them in reverse order. `main.ts`
 * wraps it with signals; integration tests start whole systems with it.
 */
import { readFile } from 'node:fs/promises';
import pino, { type Logger } from 'pino';
import { Registry } from 'prom-client';
import { indexNetwork, type NetworkIndex } from '../geo/network/network-index.js';
import { formatNetworkFaults } from '../geo/network/load-network.js';
import { readNetworkFile } from '../geo/network/read-network-file.js';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { MqttSubscriber } from '../ingest/feeds/mqtt.subscriber.js';
import { ensureSimulatorKey, type SimulatorKey } from '../ingest/feeds/simulator-key.js';
import { IngestPipeline } from '../ingest/pipeline.js';
import type { Network } from '../geo/network/load-network.js';
import { defaultStartTs, startFeeder, type Feeder } from '../simulations/feeder.js';
import { isScenarioName, SCENARIO_NAMES } from '../simulations/scenarios/profiles.js';
import { buildApp, type ZhiduApp } from './api/app.js';
import { DEFAULT_DASHBOARD_PATHS, ensureDashboardBuilt } from './api/plugins/dashboard-build.js';
import type { ReadinessCheck } from './api/plugins/health.js';
import { createBullmqRunner } from './jobs/bullmq.runner.js';
import { MAINTENANCE_EVERY_MS, maintenanceHandler, maintenanceJob } from './jobs/definitions/maintenance.job.js';
import { ROLLUP_EVERY_MS, rollupMeasuresHandler, rollupMeasuresJob } from './jobs/definitions/rollup-measures.job.js';
import { suggestCorridorTimingHandler, suggestCorridorTimingJob } from './jobs/definitions/suggest-corridor-timing.job.js';
import { suggestTimingHandler, suggestTimingJob, TIMING_RUN_EVERY_MS } from './jobs/definitions/suggest-timing.job.js';
import { createTimingService, type TimingService } from './timing/index.js';
import { createInProcessRunner } from './jobs/in-process.runner.js';
import { createJobMetrics } from './jobs/job-metrics.js';
import type { JobRunner } from './jobs/runner.js';
import { createLivePublisher, type LivePublisher } from './realtime/live-publisher.js';
import { createLiveServer, type LiveServer } from './realtime/live-server.js';
import { createMemoryLiveStateStore, type LiveStateStore } from './realtime/live-state-store.js';
import { createRedisLive } from './realtime/redis-live.js';
import { createRedisShardTransport } from './realtime/redis-shard-transport.js';
import { createInProcessShardTransport, type ShardTransport } from './realtime/shard-transport.js';
import { ensureFirstAdmin, firstAdminBanner } from './auth/first-admin.js';
import { createAuth, directAuditor, type Auth } from './auth/index.js';
import type { Config, ProcessRole } from './config/index.js';
import { openStore } from './store/open-store.js';
import type { SqlPort } from './store/port.js';
import { currentPlans, seedNetworkPlans } from './store/repositories/timing-plan.repository.js';
import { followPlansInForce } from './engine/plan-follower.js';
import { createEngineStore } from './store/repositories/engine-store.repository.js';
import { createEngine, type Engine } from './engine/engine.js';
import { applyRetention } from './store/retention.js';

export class NetworkFileError extends Error {
  constructor(path: string, details: string) {
    super(`network file ${path} is invalid:\n${details}`);
    this.name = 'NetworkFileError';
  }
}

export interface RunningSystem {
  config: Readonly<Config>;
  logger: Logger;
  store: SqlPort;
  network: NetworkIndex;
  registry: Registry;
  /** The HTTP app when the `api` or `ingest` role runs. */
  app: ZhiduApp | undefined;
  /** Base URL once listening, e.g. `http://127.0.0.1:8080`. */
  url: string | undefined;
  /** Users, sessions, feed API keys (e.g. `auth.keys.create(...)` to provision a feed). */
  auth: Auth;
  jobs: JobRunner;
  /** Timing suggestion runs, their review and plan versions (`timing.runner.runIntersection(...)`). */
  timing: TimingService;
  /** Pushes engine outputs to live subscribers (every process that runs the engine or the API). */
  live: LivePublisher;
  /** Committed records from ingest to the engine that owns their intersection. */
  shards: ShardTransport;
  /** The engine when the `engine` role runs. */
  engine: Engine | undefined;
  /** The ingest pipeline when the `ingest` role runs (its commits go to `shards`). */
  ingest: IngestPipeline | undefined;
  /**
   * The built-in simulator's feed key when the simulator is on: its secret is kept in
   * `<dataDir>/simulator-feed.key` (0600) and reused across restarts while it is valid.
   */
  simulatorKey: SimulatorKey | undefined;
  /** The built-in simulator feeding this process's own ingest routes (embedded demo). */
  feeder: Feeder | undefined;
  stop(): Promise<void>;
}

/** pino logger; human-readable lines when a person is watching the terminal. */
export function createLogger(config: Pick<Config, 'logLevel'>, pretty = process.stdout.isTTY === true): Logger {
  return pino({
    level: config.logLevel,
    base: { pid: process.pid },
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', '*.password', '*.token'], remove: true },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  });
}

async function packageVersion(): Promise<string> {
  const text = await readFile(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** This process's own HTTP address as seen from itself (a wildcard listen address is reached on loopback). */
function localUrl(app: ZhiduApp, config: Readonly<Config>): string {
  const { port } = app.server.address() as AddressInfo;
  const host = ['0.0.0.0', '::', '', 'localhost'].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The built-in simulator plays the network into this process's own HTTP ingest path, as an
 * outside feed would. At a speed above 1 it starts an hour back and catches up to real time.
 */
async function startBuiltInFeeder(config: Readonly<Config>, network: Network, store: SqlPort, target: string, key: string, logger: Logger): Promise<Feeder> {
  const { scenario, speed, seed } = config.simulator;
  const plansInForce = async () => new Map([...(await currentPlans(store))].map(([id, stored]) => [id, stored.plan]));
  if (!isScenarioName(scenario)) throw new Error(`ZHIDU_SIM_SCENARIO: unknown scenario "${scenario}"; use one of ${SCENARIO_NAMES.join(', ')}`);
  const log = logger.child({ component: 'simulator' });
  let lastLogged = Date.now();
  let lastWarned = 0;
  const feeder = startFeeder({
    network,
    scenario,
    seed,
    speed,
    target,
    key,
    startTs: defaultStartTs(speed, undefined),
    // The simulated city runs the plans in force and "deploys" each exported plan at once.
    plans: await plansInForce(),
    plansInForce,
    onPlansApplied: (intersectionIds) => log.info({ intersectionIds }, 'simulated controllers switched to the plans in force'),
    onProgress: (stats) => {
      if (stats.lastError && stats.backlog > 0 && Date.now() - lastWarned > 10_000) {
        lastWarned = Date.now();
        log.warn({ error: stats.lastError, backlog: stats.backlog, retries: stats.retries }, 'simulator feed waiting for ingest');
      }
      if (Date.now() - lastLogged < 60_000) return;
      lastLogged = Date.now();
      log.info({ simTs: new Date(stats.simTs).toISOString(), events: stats.eventsSent, samples: stats.samplesSent, rejected: stats.rejected }, 'simulator feed progress');
    },
    onFatal: (error) => log.error({ err: error }, 'simulator feed stopped'),
  });
  log.info({ scenario, speed, seed, target }, 'built-in simulator feeding the ingest path');
  return feeder;
}

/** Builds the dashboard if missing or stale, in the background; failures are logged, never thrown. */
function startDashboardBuild(logger: Logger): { done: Promise<void>; building: () => boolean } {
  let building = true;
  const done = ensureDashboardBuilt(DEFAULT_DASHBOARD_PATHS, logger)
    .then(() => logger.info('dashboard ready'))
    .catch((error: unknown) => logger.error({ err: error }, 'dashboard build failed; serving the previous build if there is one'))
    .finally(() => {
      building = false;
    });
  return { done, building: () => building };
}

/** Redis key prefix of one deployment: every process of it shares queues, streams and live state. */
const REDIS_PREFIX = 'zhidu';

function createJobRunner(config: Readonly<Config>, logger: Logger, registry: Registry): JobRunner {
  let runner: JobRunner | undefined;
  const metrics = createJobMetrics(registry, () => runner);
  runner = config.redisUrl
    ? createBullmqRunner({ redisUrl: config.redisUrl, logger, metrics, prefix: REDIS_PREFIX })
    : createInProcessRunner({ logger, metrics });
  return runner;
}

/**
 * Starts what the configured roles need and listens when `listen` is set.
 *
 * @example const system = await startSystem(loadConfig(process.env), { listen: true });
 */
export async function startSystem(
  config: Readonly<Config>,
  options: { logger?: Logger; listen?: boolean; /** Build the dashboard first when missing or stale (default: when listening). */ buildDashboard?: boolean } = {},
): Promise<RunningSystem> {
  const logger = options.logger ?? createLogger(config);
  // The dashboard build (about 10 s, only when its sources changed) runs beside the start-up
  // and is not waited for: the API, ingest and readiness answer at once; the dashboard page
  // says it is being built until the first build is in place (a previous one is served meanwhile).
  const dashboard = config.roles.includes('api') && (options.buildDashboard ?? options.listen === true) ? startDashboardBuild(logger) : undefined;
  const dashboardBuilt = dashboard?.done;
  const loaded = await readNetworkFile(config.networkPath);
  if (!loaded.ok) throw new NetworkFileError(config.networkPath, formatNetworkFaults(loaded.faults));
  const network = indexNetwork(loaded.network);
  const registry = new Registry();
  const store = await openStore(config, logger);
  // A build still running at stop is let finish: it swaps its output in or removes it, never half.
  const stops: (() => Promise<void>)[] = [async () => void (await dashboardBuilt), () => store.close()];
  const stop = async () => {
    for (const fn of stops.reverse()) {
      await fn().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    }
  };
  try {
    await seedNetworkPlans(store, loaded.network.intersections);
    await applyRetention(store, config.storage.retentionDays);
    const auth = await createAuth({ store, config, registry, logger, knownIntersections: new Set(network.intersections.keys()) });
    await auth.purge();
    if (config.mode === 'embedded') {
      const first = await ensureFirstAdmin(store, { dataDir: config.dataDir });
      if (first.created) {
        // Straight to the console, once, never through the log pipeline (logs may be shipped elsewhere).
        process.stdout.write(firstAdminBanner(first.name, first.password, first.passwordFile));
        logger.warn({ user: first.name, passwordFile: first.passwordFile }, 'first start: admin account created; password printed once and kept in the password file');
      }
    }
    const runs = (role: ProcessRole) => config.roles.includes(role);

    const jobs = createJobRunner(config, logger, registry);
    stops.push(() => jobs.close());
    if (runs('worker')) {
      jobs.register(maintenanceJob, maintenanceHandler(store, [() => auth.purge()]));
      await jobs.schedule(maintenanceJob, 'daily', { retentionDays: config.storage.retentionDays }, MAINTENANCE_EVERY_MS);
      jobs.register(rollupMeasuresJob, rollupMeasuresHandler(store));
      await jobs.schedule(rollupMeasuresJob, 'every-minute', {}, ROLLUP_EVERY_MS);
    }

    // Timing suggestions (DESIGN §8): every 15 minutes per intersection and per corridor, and on
    // demand through the API; notices go out through the live publisher (created below, before any job runs).
    const timing = createTimingService({ store, network, logger, registry, publishSuggestion: (notice) => live.publishSuggestion(notice) });
    if (runs('worker')) {
      jobs.register(suggestTimingJob, suggestTimingHandler(timing));
      jobs.register(suggestCorridorTimingJob, suggestCorridorTimingHandler(timing));
      for (const id of network.intersections.keys()) await jobs.schedule(suggestTimingJob, `every-15min:${id}`, { intersectionId: id, trigger: 'schedule' }, TIMING_RUN_EVERY_MS);
      for (const id of network.corridors.keys()) await jobs.schedule(suggestCorridorTimingJob, `every-15min:${id}`, { corridorId: id, trigger: 'schedule' }, TIMING_RUN_EVERY_MS);
    }

    // Live layer: the latest picture (memory, or Redis shared by every process) and the socket.io
    // server — attached to HTTP in API processes, detached (emitting through the Redis adapter)
    // in engine-only processes.
    const redisLive = config.redisUrl ? createRedisLive(config.redisUrl, REDIS_PREFIX, logger) : undefined;
    if (redisLive) stops.push(() => redisLive.close());
    const liveStore: LiveStateStore = redisLive?.store ?? createMemoryLiveStateStore();

    // Ingest hands every COMMITTED batch to `shards.publish`; the engine role receives the
    // batches of the intersections it owns through `shards.consume(...)` and pushes its outputs
    // with `live.publishState / publishCycle / publishAlert`.
    const shards: ShardTransport = config.redisUrl
      ? createRedisShardTransport({ redisUrl: config.redisUrl, intersectionIds: [...network.intersections.keys()], logger, prefix: REDIS_PREFIX })
      : createInProcessShardTransport(network.intersections.keys());
    stops.push(() => shards.close());

    // Ingest: one group commit per process; every COMMIT is handed to the shards in commit order.
    let ingest: IngestPipeline | undefined;
    let simulatorKey: SimulatorKey | undefined;
    if (runs('ingest')) {
      const pipeline = new IngestPipeline({
        store,
        network,
        registry,
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
      ingest = pipeline;
      stops.push(() => pipeline.close());
      let handedOff = Promise.resolve();
      pipeline.onCommitted((batch) => {
        handedOff = handedOff
          .then(() => shards.publish([batch]))
          .catch((error: unknown) => logger.error({ err: error, intersection: batch.intersectionId }, 'hand-off of committed records to the engine failed'));
      });
      if (config.mqttUrl) {
        const subscriber = new MqttSubscriber({ url: config.mqttUrl, clientId: config.ingest.mqttClientId, pipeline, logger, registry });
        subscriber.start();
        stops.push(() => subscriber.stop());
      }
      if (config.simulator.enabled) {
        const provisioner = directAuditor(store, { kind: 'system', id: null, name: 'simulator-provisioning' });
        simulatorKey = await ensureSimulatorKey(config.dataDir, {
          create: (name) => auth.keys.create({ name, intersections: null }, provisioner, null),
          isValid: (secret) =>
            auth.keys.authenticate(secret).then(
              () => true,
              (error: unknown) => {
                if ((error as { code?: string }).code === 'ZHIDU_ERR_UNAUTHENTICATED') return false;
                throw error;
              },
            ),
        });
        if (simulatorKey.created) logger.info({ file: simulatorKey.file }, 'feed API key for the built-in simulator created');
      }
    }

    const readiness: Record<string, ReadinessCheck> = {};
    if (config.redisUrl) {
      // A connection of its own that fails fast: readiness must answer, not queue behind reconnects.
      const probe = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
      probe.on('error', () => undefined);
      await probe.connect().catch((error: unknown) => logger.warn({ err: error }, 'Redis not reachable yet'));
      stops.push(async () => probe.disconnect());
      readiness.redis = async () => {
        await probe.ping();
      };
    }

    let app: ZhiduApp | undefined;
    let url: string | undefined;
    let liveServer: LiveServer | undefined;
    if (runs('api') || runs('ingest')) {
      app = await buildApp({
        config,
        store,
        network,
        logger,
        registry,
        authenticator: auth.authenticator,
        auth,
        ...(ingest ? { ingest } : {}),
        liveState: liveStore,
        // Alerts changed through the API reach live subscribers like the engine's (live is created below, before listening).
        publishAlert: (alert) => live.publishAlert(alert),
        timing,
        jobs,
        readiness,
        dashboardBuilding: () => dashboard?.building() ?? false,
        version: await packageVersion(),
      });
      stops.push(() => (app as ZhiduApp).close());
    }
    liveServer = createLiveServer({
      ...(app && runs('api') ? { httpServer: app.server } : {}),
      network,
      store: liveStore,
      verifyToken: auth.verifyAccessToken,
      logger,
      registry,
      corsOrigins: config.http.corsOrigins,
      ...(redisLive ? { adapter: redisLive.adapter } : {}),
    });
    stops.push(() => (liveServer as LiveServer).close());
    const live = createLivePublisher({ namespace: liveServer.namespace, network, store: liveStore, logger, registry });
    stops.push(async () => live.close());

    // Engine: the shards of the intersections this process owns, fed by the shard transport;
    // their states, cycles and alerts go out through the live publisher.
    let engine: Engine | undefined;
    if (runs('engine')) {
      const inForce = await currentPlans(store);
      const running = createEngine({
        network,
        plans: new Map([...inForce].map(([id, stored]) => [id, stored.plan])),
        store: createEngineStore(store),
        reorderWindowMs: config.engine.reorderWindowMs,
        delayBreakpoints: config.engine.delayBreakpoints,
        networkIndex: { breakpoints: config.engine.networkIndexBreakpoints, moderateWeight: config.engine.networkIndexModerateWeight },
        logger,
        registry,
      });
      const published = (what: string) => (error: unknown) => logger.error({ err: error }, `engine ${what} could not be published`);
      running.onState((states, areas) => void live.publishState(states, areas).catch(published('state')));
      running.onCycle((cycle) => live.publishCycle(cycle));
      running.onAlert((alert) => void live.publishAlert(alert).catch(published('alert')));
      await shards.consume(running);
      running.start();
      stops.push(() => running.close());
      // Plans exported by an engineer (in any process) reach the shards within a poll period.
      const follower = followPlansInForce({
        load: () => currentPlans(store),
        apply: (id, plan) => running.setPlan(id, plan),
        initial: new Map([...inForce].map(([id, stored]) => [id, stored.version])),
        everyMs: config.engine.planFollowMs,
        onError: (error) => logger.warn({ err: error }, 'plans in force could not be read; the engine keeps the plans it has'),
      });
      stops.push(async () => follower.stop());
      engine = running;
    }

    if (app) {
      if (options.listen) url = await app.listen({ host: config.http.host, port: config.http.port });
      else await app.ready();
    }
    await jobs.start();
    const feeder = app && url && simulatorKey ? await startBuiltInFeeder(config, loaded.network, store, localUrl(app, config), simulatorKey.secret, logger) : undefined;
    if (feeder) stops.push(async () => void (await feeder.stop(2000)));
    logger.info({ mode: config.mode, roles: config.roles, intersections: network.intersections.size, url, simulator: feeder !== undefined }, 'zhidu started');
    return { config, logger, store, network, registry, app, url, auth, jobs, timing, live, shards, ingest, engine, simulatorKey, feeder, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
