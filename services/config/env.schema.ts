/**
 * The one schema of every environment variable Zhidu reads (CONVENTIONS 6).
 * Values arrive as strings; `loadConfig` converts and checks them all at once.
 */
import { Type, type Static } from '@sinclair/typebox';

const Int = (options: { minimum: number; maximum: number; default: number; description: string }) => Type.Integer(options);
const Url = (description: string, protocols: string[]) =>
  Type.Optional(Type.String({ pattern: `^(${protocols.join('|')})://.+`, description }));

export const ROLES = ['api', 'ingest', 'engine', 'worker'] as const;
export type ProcessRole = (typeof ROLES)[number];

export const EnvSchema = Type.Object({
  DATABASE_URL: Url('PostgreSQL server (≥ 14). Absent: embedded PGlite under ZHIDU_DATA_DIR.', ['postgres', 'postgresql']),
  REDIS_URL: Url('Redis for BullMQ, the socket.io adapter and the shard transport. Absent: in-process.', ['redis', 'rediss']),
  MQTT_URL: Url('MQTT broker to subscribe to detector feeds (zhidu/<intersection>/events). Absent: no MQTT feed.', ['mqtt', 'mqtts', 'ws', 'wss']),
  PORT: Int({ minimum: 0, maximum: 65535, default: 8080, description: 'HTTP port (0 picks a free one).' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Listen address; 0.0.0.0 to serve other machines.' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info', description: 'pino log level.' },
  ),
  ZHIDU_ROLES: Type.String({
    pattern: `^(${ROLES.join('|')})(,(${ROLES.join('|')}))*$`,
    default: ROLES.join(','),
    description: 'Comma-separated roles this process runs: api, ingest, engine, worker.',
  }),
  ZHIDU_DATA_DIR: Type.String({ minLength: 1, default: './data', description: 'Embedded database, secrets and first-admin password file.' }),
  ZHIDU_NETWORK: Type.Optional(Type.String({ minLength: 1, description: 'Network JSON file. Absent: the 18 showcase intersections.' })),
  ZHIDU_SIMULATOR: Type.Union([Type.Literal('auto'), Type.Literal('on'), Type.Literal('off')], {
    default: 'auto',
    description: 'Built-in simulator feeding the network through the ingest path; auto = on in embedded mode only.',
  }),
  ZHIDU_SIM_SCENARIO: Type.String({ minLength: 1, default: 'live', description: 'Simulator scenario (see simulations/scenarios).' }),
  ZHIDU_SIM_SPEED: Type.Number({ exclusiveMinimum: 0, maximum: 1000, default: 1, description: 'Simulated seconds per wall-clock second.' }),
  ZHIDU_SIM_SEED: Int({ minimum: 0, maximum: 2 ** 31 - 1, default: 20261127, description: 'Simulator random seed.' }),
  ZHIDU_JWT_SECRET: Type.Optional(
    Type.String({ minLength: 32, description: 'HMAC secret for user tokens. Absent: generated once and kept in the database.' }),
  ),
  ZHIDU_ACCESS_TOKEN_TTL_S: Int({ minimum: 30, maximum: 86400, default: 900, description: 'Access token lifetime.' }),
  ZHIDU_REFRESH_TOKEN_TTL_S: Int({ minimum: 300, maximum: 30 * 86400, default: 14 * 3600, description: 'Refresh session lifetime (a wall-screen shift).' }),
  ZHIDU_LOGIN_MAX_FAILURES: Int({ minimum: 3, maximum: 1000, default: 10, description: 'Failed sign-ins of one account before it is locked (backoff from the 3rd).' }),
  ZHIDU_LOGIN_ADDRESS_MAX_FAILURES: Int({ minimum: 3, maximum: 100000, default: 100, description: 'Failed sign-ins from one client address, across accounts, before it is locked.' }),
  ZHIDU_LOGIN_LOCKOUT_S: Int({ minimum: 1, maximum: 86400, default: 900, description: 'Lockout after too many failed sign-ins; also the longest backoff.' }),
  ZHIDU_CORS_ORIGINS: Type.String({ default: '', description: 'Comma-separated origins allowed by CORS; empty = closed.' }),
  ZHIDU_INGEST_BATCH_ROWS: Int({ minimum: 1, maximum: 200000, default: 20000, description: 'Group-commit batch size (rows).' }),
  ZHIDU_INGEST_BATCH_WAIT_MS: Int({ minimum: 0, maximum: 1000, default: 10, description: 'Group-commit collection window.' }),
  ZHIDU_INGEST_MAX_PENDING_ROWS: Int({ minimum: 1000, maximum: 5000000, default: 200000, description: 'Uncommitted rows before senders are told to retry.' }),
  ZHIDU_INGEST_MAX_BODY_BYTES: Int({ minimum: 1024, maximum: 512 * 1024 * 1024, default: 16 * 1024 * 1024, description: 'Largest ingest request body.' }),
  ZHIDU_INGEST_LATENESS_S: Int({ minimum: 60, maximum: 30 * 86400, default: 86400, description: 'Oldest record a live feed may send.' }),
  ZHIDU_INGEST_RATE_PER_MIN: Int({ minimum: 1, maximum: 1000000, default: 6000, description: 'Ingest requests per minute per API key.' }),
  ZHIDU_MQTT_CLIENT_ID: Type.String({
    pattern: '^[A-Za-z0-9._-]{1,64}$',
    default: 'zhidu-ingest',
    description: 'MQTT client id of the persistent subscriber session; give each ingest process its own.',
  }),
  ZHIDU_ENGINE_REORDER_MS: Int({ minimum: 0, maximum: 60000, default: 3000, description: 'Engine reorder window for out-of-order events.' }),
  ZHIDU_ENGINE_PLAN_FOLLOW_MS: Int({ minimum: 1000, maximum: 600000, default: 30000, description: 'How often the engine re-reads the timing plans in force (an exported plan reaches the shards within this period).' }),
  ZHIDU_CONGESTION_BREAKPOINTS: Type.String({
    pattern: '^[0-9]+(\\.[0-9]+)?:[0-9]+(\\.[0-9]+)?(,[0-9]+(\\.[0-9]+)?:[0-9]+(\\.[0-9]+)?)+$',
    default: '0:0,20:2,35:4,55:6,80:8,150:10',
    description: 'Congestion index from control delay: delay_s:index pairs, increasing (DESIGN §6).',
  }),
  ZHIDU_NETWORK_INDEX_BREAKPOINTS: Type.String({
    pattern: '^[0-9]+(\\.[0-9]+)?:[0-9]+(\\.[0-9]+)?(,[0-9]+(\\.[0-9]+)?:[0-9]+(\\.[0-9]+)?)+$',
    default: '0:0,4:2,8:4,11:6,14:8',
    description: 'Network index (GB/T 33171) from the VKT share of severe links: percent:index pairs, increasing; continued with the last slope, capped at 10.',
  }),
  ZHIDU_NETWORK_INDEX_MODERATE_WEIGHT: Type.Number({
    minimum: 0,
    maximum: 1,
    default: 0,
    description: 'Weight of moderately congested links in the network index share (0 = severe only).',
  }),
  ZHIDU_RETENTION_DAYS: Int({ minimum: 1, maximum: 3650, default: 90, description: 'Raw event retention.' }),
  ZHIDU_MAX_SERIES_POINTS: Int({ minimum: 100, maximum: 1000000, default: 20000, description: 'Largest time series an API call may return.' }),
  ZHIDU_BASEMAP_STYLE_URL: Type.Optional(Type.String({ minLength: 1, description: 'MapLibre style URL for a basemap on the intranet.' })),
  ZHIDU_BASEMAP_PMTILES: Type.Optional(Type.String({ minLength: 1, description: 'PMTiles file served with HTTP Range as the basemap.' })),
});
export type Env = Static<typeof EnvSchema>;
