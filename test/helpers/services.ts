/**
 * Which outside services the tests can reach. A suite that needs one it cannot
 * reach is skipped with the reason in its name — unless ZHIDU_TEST_REQUIRE_SERVICES=1
 * (set by .ci/run), where an unreachable service fails the run instead.
 *
 * Endpoints (override to use your own):
 *   ZHIDU_TEST_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/test (an admin connection;
 *                            each suite creates and drops its own database)
 *   ZHIDU_TEST_REDIS_URL     default redis://127.0.0.1:6379
 *   ZHIDU_TEST_MQTT_URL      default mqtt://127.0.0.1:1883
 *   ZHIDU_TEST_CHROMIUM      default /usr/bin/chromium
 */
import { access, constants } from 'node:fs/promises';
import net from 'node:net';
import { describe } from 'vitest';

export const TEST_DATABASE_URL = process.env.ZHIDU_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.ZHIDU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_MQTT_URL = process.env.ZHIDU_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
export const TEST_CHROMIUM = process.env.ZHIDU_TEST_CHROMIUM ?? '/usr/bin/chromium';
export const REQUIRE_SERVICES = process.env.ZHIDU_TEST_REQUIRE_SERVICES === '1';

export type ServiceName = 'postgres' | 'redis' | 'mqtt' | 'chromium';

export interface ServiceAvailability {
  available: boolean;
  /** Why it is unavailable (empty when available). */
  reason: string;
}

function reachable(url: string, defaultPort: number): Promise<ServiceAvailability> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort), timeout: 1500 });
    const done = (availability: ServiceAvailability) => {
      socket.destroy();
      resolve(availability);
    };
    socket.once('connect', () => done({ available: true, reason: '' }));
    socket.once('timeout', () => done({ available: false, reason: `${hostname}:${port || defaultPort} did not answer` }));
    socket.once('error', (error) => done({ available: false, reason: `${hostname}:${port || defaultPort}: ${error.message}` }));
  });
}

const probes: Record<ServiceName, () => Promise<ServiceAvailability>> = {
  postgres: () => reachable(TEST_DATABASE_URL, 5432),
  redis: () => reachable(TEST_REDIS_URL, 6379),
  mqtt: () => reachable(TEST_MQTT_URL, 1883),
  chromium: async () => {
    try {
      await access(TEST_CHROMIUM, constants.X_OK);
      return { available: true, reason: '' };
    } catch {
      return { available: false, reason: `no Chromium at ${TEST_CHROMIUM} (apt install chromium, or set ZHIDU_TEST_CHROMIUM)` };
    }
  },
};

const cached = new Map<ServiceName, Promise<ServiceAvailability>>();

/**
 * Whether a service is reachable; under ZHIDU_TEST_REQUIRE_SERVICES=1 an unreachable one throws.
 *
 * @example const pg = await service('postgres');
 */
export async function service(name: ServiceName): Promise<ServiceAvailability> {
  let probe = cached.get(name);
  if (!probe) {
    probe = probes[name]();
    cached.set(name, probe);
  }
  const availability = await probe;
  if (!availability.available && REQUIRE_SERVICES) {
    throw new Error(`${name} is required (ZHIDU_TEST_REQUIRE_SERVICES=1) but unavailable: ${availability.reason}`);
  }
  return availability;
}

/**
 * `describe` for a suite that needs services: runs when all are reachable, otherwise is
 * skipped with the reason in its title (and fails under ZHIDU_TEST_REQUIRE_SERVICES=1).
 *
 * @example await describeWith(['postgres', 'redis'], 'ingest over Redis', () => { ... });
 */
export async function describeWith(names: ServiceName[], title: string, body: () => void): Promise<void> {
  const missing: string[] = [];
  for (const name of names) {
    const availability = await service(name);
    if (!availability.available) missing.push(`${name}: ${availability.reason}`);
  }
  if (missing.length === 0) describe(title, body);
  else describe.skip(`${title} — skipped, needs ${missing.join('; ')}`, body);
}
