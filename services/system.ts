/**
 * The composition root: builds every part a process runs from the configuration
 * (store, network, HTTP API, ...) and stops them in reverse order. `main.ts`
 * wraps it with signals; integration tests start whole systems with it.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';
import { Registry } from 'prom-client';
import { indexNetwork, type NetworkIndex } from '../geo/network/network-index.js';
import { formatNetworkFaults } from '../geo/network/load-network.js';
import { readNetworkFile } from '../geo/network/read-network-file.js';
import { buildApp, type ZhiduApp } from './api/app.js';
import type { Authenticator } from './api/plugins/access.js';
import type { Config } from './config/index.js';
import type { Principal } from './contracts/identity.js';
import { openStore } from './store/open-store.js';
import type { SqlPort } from './store/port.js';
import { seedNetworkPlans } from './store/repositories/timing-plan.repository.js';
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

/** Refuses every credential: the foundation's placeholder until feed keys and user tokens exist. */
const refuseAll: Authenticator = {
  async authenticate(_request: FastifyRequest): Promise<Principal | undefined> {
    return undefined;
  },
};

/**
 * Starts what the configured roles need and listens when `listen` is set.
 *
 * @example const system = await startSystem(loadConfig(process.env), { listen: true });
 */
export async function startSystem(config: Readonly<Config>, options: { logger?: Logger; listen?: boolean } = {}): Promise<RunningSystem> {
  const logger = options.logger ?? createLogger(config);
  const loaded = await readNetworkFile(config.networkPath);
  if (!loaded.ok) throw new NetworkFileError(config.networkPath, formatNetworkFaults(loaded.faults));
  const network = indexNetwork(loaded.network);
  const registry = new Registry();
  const store = await openStore(config, logger);
  const stops: (() => Promise<void>)[] = [() => store.close()];
  const stop = async () => {
    for (const fn of stops.reverse()) {
      await fn().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    }
  };
  try {
    await seedNetworkPlans(store, loaded.network.intersections);
    await applyRetention(store, config.storage.retentionDays);
    let app: ZhiduApp | undefined;
    let url: string | undefined;
    if (config.roles.includes('api') || config.roles.includes('ingest')) {
      app = await buildApp({ config, store, network, logger, registry, authenticator: refuseAll, version: await packageVersion() });
      stops.push(() => (app as ZhiduApp).close());
      if (options.listen) url = await app.listen({ host: config.http.host, port: config.http.port });
      else await app.ready();
    }
    logger.info({ mode: config.mode, roles: config.roles, intersections: network.intersections.size, url }, 'zhidu started');
    return { config, logger, store, network, registry, app, url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
