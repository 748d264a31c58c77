/**
 * MQTT feed against the real Mosquitto and PostgreSQL: messages on the events and
 * samples topics are stored (rejects quarantined) and acknowledged after commit; a
 * subscriber killed before its commit gets the message again on restart and stores it once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MqttSubscriber } from '../../ingest/feeds/mqtt.subscriber.js';
import { IngestPipeline } from '../../ingest/pipeline.js';
import { migrate } from '../../services/store/migrate.js';
import { openPgStore } from '../../services/store/pg.adapter.js';
import type { SqlPort } from '../../services/store/port.js';
import { recentRejects } from '../../services/store/repositories/reject.repository.js';
import { ensureDayPartitions } from '../../services/store/retention.js';
import { twoIntersectionIndex } from '../helpers/networks.js';
import { describeWith, TEST_MQTT_URL } from '../helpers/services.js';
import { createTestDatabase } from '../helpers/test-stores.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = 'test/ingest/fixtures/mqtt-subscriber.process.ts';

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function publisher(): Promise<MqttClient> {
  return mqtt.connectAsync(TEST_MQTT_URL, { clientId: `zhidu-test-pub-${randomBytes(4).toString('hex')}`, clean: true });
}

/** Ends the broker's persistent session of a client id, so tests leave nothing behind. */
async function forgetSession(clientId: string): Promise<void> {
  const client = await mqtt.connectAsync(TEST_MQTT_URL, { clientId, clean: true });
  await client.endAsync();
}

interface Child {
  process: ChildProcess;
  logs: Record<string, unknown>[];
  waitFor(message: string): Promise<Record<string, unknown>>;
}

function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const logs: Record<string, unknown>[] = [];
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  return {
    process: child,
    logs,
    waitFor: (message) => until(async () => logs.find((entry) => entry.msg === message), 30_000),
  };
}

await describeWith(['postgres', 'mqtt'], 'MQTT ingest (Mosquitto + PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: SqlPort;
  const NOW = Date.now();
  const count = async (sql = 'SELECT count(*)::int AS n FROM controller_events') => (await store.query<{ n: number }>(sql)).rows[0]?.n ?? 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await openPgStore({ connectionString: database.url, onConnectionError: () => undefined });
    await migrate(store);
    await ensureDayPartitions(store, new Date(NOW - 86_400_000), new Date(NOW + 86_400_000));
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('stores events and samples from their topics, quarantines what is unusable, and acknowledges after commit', async () => {
    const clientId = `zhidu-test-sub-${randomBytes(4).toString('hex')}`;
    const registry = new Registry();
    const logger = pino({ level: 'silent' });
    const pipeline = new IngestPipeline({ store, network: twoIntersectionIndex(), registry, logger, limits: { batchWaitMs: 5 } });
    const subscriber = new MqttSubscriber({ url: TEST_MQTT_URL, clientId, pipeline, logger, registry });
    subscriber.start();
    await subscriber.subscribed();
    const pub = await publisher();
    try {
      // The topic names the intersection: records may omit it, and may not name another.
      await pub.publishAsync('zhidu/A/events', JSON.stringify([{ ts: NOW, code: 1, param: 2 }, { intersection: 'A', ts: NOW, code: 82, param: 5 }, { intersection: 'B', ts: NOW, code: 82, param: 5 }]), { qos: 1 });
      await pub.publishAsync('zhidu/samples', JSON.stringify({ detector: 'B-W-SB1', ts: NOW - 60_000, intervalS: 60, volume: 7 }), { qos: 1 });
      await pub.publishAsync('zhidu/A/events', 'not json', { qos: 1 });
      await until(async () => ((await count()) === 2 && (await count('SELECT count(*)::int AS n FROM detector_samples')) === 1 && (await count('SELECT count(*)::int AS n FROM ingest_rejects')) === 2 ? true : undefined));
      const rejects = await recentRejects(store, { feedId: 'mqtt' });
      expect(rejects.map((r) => [r.reasonCode, r.transport, r.intersectionId])).toEqual([
        ['MALFORMED_JSON', 'mqtt', null],
        ['OUT_OF_SCOPE', 'mqtt', 'B'],
      ]);
      expect(await registry.metrics()).toMatch(/zhidu_ingest_accepted_total\{feed="mqtt",transport="mqtt",kind="event"\} 2/);
      expect(await registry.metrics()).toMatch(/zhidu_ingest_mqtt_connected 1/);
    } finally {
      await pub.endAsync();
      await subscriber.stop();
      await pipeline.close();
      await forgetSession(clientId);
    }
  });

  it('a subscriber killed before its commit gets the message again after a restart and stores it once', async () => {
    await store.query('DELETE FROM controller_events');
    const clientId = `zhidu-test-kill-${randomBytes(4).toString('hex')}`;
    const env = { DATABASE_URL: database.url, MQTT_URL: TEST_MQTT_URL, MQTT_CLIENT_ID: clientId };
    const first = startChild(env);
    const blocker = new pg.Client({ connectionString: database.url, application_name: 'zhidu-test-blocker' });
    await blocker.connect();
    const pub = await publisher();
    try {
      await first.waitFor('subscriber ready');
      // Hold the table so the subscriber's commit cannot finish while we kill it.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE controller_events IN SHARE MODE');
      await pub.publishAsync('zhidu/A/events', JSON.stringify({ ts: NOW + 1, code: 82, param: 6, seq: 1 }), { qos: 1 });
      expect(await first.waitFor('MQTT message received')).toMatchObject({ topic: 'zhidu/A/events', dup: false });
      // Its write is waiting for our lock: kill it now, before COMMIT (and so before PUBACK).
      await until(async () => {
        const waiting = await blocker.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'zhidu' AND wait_event_type = 'Lock'");
        return waiting.rowCount ? true : undefined;
      });
      first.process.kill('SIGKILL');
      await new Promise((resolve) => first.process.once('exit', resolve));
      await blocker.query('ROLLBACK');
      // The dead subscriber's backend aborts its transaction when it finds the client gone.
      await until(async () => {
        const left = await blocker.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'zhidu' AND state <> 'idle'");
        return left.rowCount ? undefined : true;
      });
      expect(await count()).toBe(0);

      const second = startChild(env);
      try {
        expect(await second.waitFor('MQTT message received')).toMatchObject({ topic: 'zhidu/A/events', dup: true });
        await second.waitFor('MQTT message committed');
        expect(await count()).toBe(1);
        const row = await store.query<{ param: number; seq: number }>('SELECT param, seq FROM controller_events');
        expect(row.rows).toEqual([{ param: 6, seq: 1 }]);
      } finally {
        second.process.kill('SIGTERM');
        await new Promise((resolve) => second.process.once('exit', resolve));
      }
    } finally {
      if (first.process.exitCode === null && first.process.signalCode === null) first.process.kill('SIGKILL');
      await blocker.end().catch(() => undefined);
      await pub.endAsync();
      await forgetSession(clientId);
    }
  });
});
