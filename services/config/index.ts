/**
 * Configuration: read once from the environment, validated, frozen, passed in.
 * Nothing else in Zhidu reads `process.env` (CONVENTIONS 6).
 */
import { resolve } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { SHOWCASE_NETWORK_PATH } from '../../geo/network/read-network-file.js';
import { EnvSchema, ROLES, type Env, type ProcessRole } from './env.schema.js';

export { EnvSchema, ROLES, type ProcessRole } from './env.schema.js';

export interface Config {
  /** `embedded` without DATABASE_URL (PGlite, in-process bus and jobs), `server` with it. */
  mode: 'embedded' | 'server';
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  mqttUrl: string | undefined;
  http: { host: string; port: number; corsOrigins: string[] };
  logLevel: string;
  roles: ProcessRole[];
  /** Absolute path. */
  dataDir: string;
  /** Absolute path of the network JSON. */
  networkPath: string;
  simulator: { enabled: boolean; scenario: string; speed: number; seed: number };
  auth: {
    jwtSecret: string | undefined;
    accessTokenTtlS: number;
    refreshTokenTtlS: number;
    /** Sign-in throttling (services/auth/login-throttle.ts). */
    login: { maxFailures: number; addressMaxFailures: number; lockoutS: number };
  };
  ingest: {
    batchRows: number;
    batchWaitMs: number;
    maxPendingRows: number;
    maxBodyBytes: number;
    latenessS: number;
    ratePerMinute: number;
    /** Persistent MQTT session id of this process's subscriber. */
    mqttClientId: string;
  };
  engine: {
    reorderWindowMs: number;
    /** Poll period of the plans in force, ms. */
    planFollowMs: number;
    /** Control delay (s) → congestion index pairs, x increasing. */
    delayBreakpoints: [number, number][];
    /** Severe share (%) → network index pairs, x increasing. */
    networkIndexBreakpoints: [number, number][];
    networkIndexModerateWeight: number;
  };
  storage: { retentionDays: number };
  api: { maxSeriesPoints: number };
  dashboard: { basemapStyleUrl: string | undefined; basemapPmtilesPath: string | undefined };
}

/** One bad environment variable and why. */
export interface ConfigProblem {
  variable: string;
  reason: string;
}

/** Start-up refused: lists every bad variable at once. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** `x:y,x:y,...` (checked by the schema's pattern) → pairs. */
function parseBreakpoints(text: string): [number, number][] {
  return text.split(',').map((pair) => pair.split(':').map(Number) as [number, number]);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Builds the frozen configuration from an environment (usually `process.env`).
 * Unknown variables are ignored; empty strings count as unset.
 *
 * @throws {ConfigError} listing every bad variable.
 * @example const config = loadConfig({ PORT: '9000' }); config.http.port // 9000
 */
export function loadConfig(environment: Record<string, string | undefined>, cwd = process.cwd()): Readonly<Config> {
  const known: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = environment[key];
    if (value !== undefined && value.trim() !== '') known[key] = value.trim();
  }
  const withDefaults = Value.Default(EnvSchema, Value.Convert(EnvSchema, known)) as Record<string, unknown>;
  const problems: ConfigProblem[] = [];
  for (const error of Value.Errors(EnvSchema, withDefaults)) {
    const variable = error.path.split('/')[1] ?? '(environment)';
    if (problems.some((p) => p.variable === variable)) continue;
    const description = (EnvSchema.properties as Record<string, { description?: string }>)[variable]?.description;
    problems.push({ variable, reason: `${error.message} (got ${JSON.stringify(known[variable])})${description ? ` — ${description}` : ''}` });
  }
  const env = withDefaults as Env;
  if (problems.length === 0 && env.ZHIDU_BASEMAP_STYLE_URL && env.ZHIDU_BASEMAP_PMTILES) {
    problems.push({ variable: 'ZHIDU_BASEMAP_PMTILES', reason: 'set either ZHIDU_BASEMAP_STYLE_URL or ZHIDU_BASEMAP_PMTILES, not both' });
  }
  if (problems.length === 0) {
    for (const variable of ['ZHIDU_CONGESTION_BREAKPOINTS', 'ZHIDU_NETWORK_INDEX_BREAKPOINTS'] as const) {
      const points = parseBreakpoints(env[variable]);
      if (points.some((p, i) => i > 0 && !(p[0] > (points[i - 1] as [number, number])[0]))) {
        problems.push({ variable, reason: `the first number of each pair must increase (got ${JSON.stringify(env[variable])})` });
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const roles = [...new Set(env.ZHIDU_ROLES.split(','))].filter((r): r is ProcessRole => (ROLES as readonly string[]).includes(r));
  const mode = env.DATABASE_URL ? 'server' : 'embedded';
  const config: Config = {
    mode,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    mqttUrl: env.MQTT_URL,
    http: {
      host: env.HOST,
      port: env.PORT,
      corsOrigins: env.ZHIDU_CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    },
    logLevel: env.LOG_LEVEL,
    roles,
    dataDir: resolve(cwd, env.ZHIDU_DATA_DIR),
    networkPath: env.ZHIDU_NETWORK ? resolve(cwd, env.ZHIDU_NETWORK) : SHOWCASE_NETWORK_PATH,
    simulator: {
      enabled: env.ZHIDU_SIMULATOR === 'on' || (env.ZHIDU_SIMULATOR === 'auto' && mode === 'embedded'),
      scenario: env.ZHIDU_SIM_SCENARIO,
      speed: env.ZHIDU_SIM_SPEED,
      seed: env.ZHIDU_SIM_SEED,
    },
    auth: {
      jwtSecret: env.ZHIDU_JWT_SECRET,
      accessTokenTtlS: env.ZHIDU_ACCESS_TOKEN_TTL_S,
      refreshTokenTtlS: env.ZHIDU_REFRESH_TOKEN_TTL_S,
      login: {
        maxFailures: env.ZHIDU_LOGIN_MAX_FAILURES,
        addressMaxFailures: env.ZHIDU_LOGIN_ADDRESS_MAX_FAILURES,
        lockoutS: env.ZHIDU_LOGIN_LOCKOUT_S,
      },
    },
    ingest: {
      batchRows: env.ZHIDU_INGEST_BATCH_ROWS,
      batchWaitMs: env.ZHIDU_INGEST_BATCH_WAIT_MS,
      maxPendingRows: env.ZHIDU_INGEST_MAX_PENDING_ROWS,
      maxBodyBytes: env.ZHIDU_INGEST_MAX_BODY_BYTES,
      latenessS: env.ZHIDU_INGEST_LATENESS_S,
      ratePerMinute: env.ZHIDU_INGEST_RATE_PER_MIN,
      mqttClientId: env.ZHIDU_MQTT_CLIENT_ID,
    },
    engine: {
      reorderWindowMs: env.ZHIDU_ENGINE_REORDER_MS,
      planFollowMs: env.ZHIDU_ENGINE_PLAN_FOLLOW_MS,
      delayBreakpoints: parseBreakpoints(env.ZHIDU_CONGESTION_BREAKPOINTS),
      networkIndexBreakpoints: parseBreakpoints(env.ZHIDU_NETWORK_INDEX_BREAKPOINTS),
      networkIndexModerateWeight: env.ZHIDU_NETWORK_INDEX_MODERATE_WEIGHT,
    },
    storage: { retentionDays: env.ZHIDU_RETENTION_DAYS },
    api: { maxSeriesPoints: env.ZHIDU_MAX_SERIES_POINTS },
    dashboard: {
      basemapStyleUrl: env.ZHIDU_BASEMAP_STYLE_URL,
      basemapPmtilesPath: env.ZHIDU_BASEMAP_PMTILES ? resolve(cwd, env.ZHIDU_BASEMAP_PMTILES) : undefined,
    },
  };
  return deepFreeze(config);
}
