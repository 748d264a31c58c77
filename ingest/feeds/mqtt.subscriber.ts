/**
 * MQTT feed (DESIGN §3): subscribes with QoS 1 to `zhidu/<intersection>/events`
 * (controller events; a record may omit `intersection`, the topic names it) and
 * `zhidu/samples` (detector samples). A message is a JSON object, array or NDJSON.
 *
 * At-least-once without loss: the session is persistent (`clean: false`, a fixed client
 * id, MQTT 3.1.1 — the broker keeps unacknowledged messages across restarts) and the
 * PUBACK of a message is sent only after its records (and rejects) are COMMITted:
 * mqtt.js sends it when `handleMessage`'s callback is called. A process killed before
 * the commit gets the message again on reconnect; one killed after the commit but
 * before the PUBACK stores it again as a duplicate (idempotent).
 *
 * mqtt.js hands over one message at a time and reads the next only after the callback,
 * so a full backlog or a database outage simply stops reading (the broker queues);
 * a failed commit is retried with backoff until it succeeds or the subscriber stops.
 *
 * Trust: the broker authenticates and authorises publishers (its ACLs decide who may
 * publish to which intersection's topic); the subscriber writes as the internal feed
 * `mqtt` with every intersection in scope, restricted per message to the topic's.
 */
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { FeedPrincipal } from '../../services/contracts/identity.js';
import { IngestWriteError } from '../batcher.js';
import { parseJsonDocument, type RecordShape } from '../formats/json-records.js';
import type { IngestPipeline } from '../pipeline.js';
import type { IngestSummary } from '../session.js';
import { commitProblem } from './commit-problem.js';

/** The internal feed MQTT messages are written as (see the trust note above). */
export const MQTT_FEED: FeedPrincipal = Object.freeze({ kind: 'feed', keyId: 'mqtt', name: 'MQTT subscriber', intersections: null });

export const MQTT_TOPICS = { events: 'zhidu/+/events', samples: 'zhidu/samples' } as const;

export interface MqttSubscriberOptions {
  url: string;
  pipeline: IngestPipeline;
  logger: Logger;
  registry: Registry;
  /** Fixed per deployment: the broker keeps the session (and unacknowledged messages) under it. */
  clientId?: string;
  /** First retry delay after a failed commit, ms (doubles up to 10 s). */
  retryDelayMs?: number;
}

/** What a topic carries. */
export function topicRoute(topic: string): { shape: RecordShape; intersection?: string } | undefined {
  if (topic === 'zhidu/samples') return { shape: 'sample' };
  const match = /^zhidu\/([^/+#]{1,64})\/events$/.exec(topic);
  return match ? { shape: 'event', intersection: match[1] as string } : undefined;
}

const QUARANTINE_CHARS = 65_536;

/**
 * @example
 * const subscriber = new MqttSubscriber({ url: config.mqttUrl, pipeline, logger, registry });
 * subscriber.start();
 * await subscriber.subscribed();
 */
export class MqttSubscriber {
  private readonly options: MqttSubscriberOptions;
  private client: MqttClient | undefined;
  private stopping = false;
  private current: Promise<void> | undefined;
  private readonly connected: Gauge;
  private markSubscribed: () => void = () => undefined;
  private readonly subscribedOnce = new Promise<void>((resolve) => {
    this.markSubscribed = resolve;
  });

  constructor(options: MqttSubscriberOptions) {
    this.options = options;
    const name = 'zhidu_ingest_mqtt_connected';
    this.connected =
      (options.registry.getSingleMetric(name) as Gauge | undefined) ??
      new Gauge({ name, help: '1 while the MQTT subscriber is connected to the broker', registers: [options.registry] });
  }

  /**
   * Connects in the background (reconnecting on its own; a broker that is down does not
   * stop the process) and subscribes on every connection that has no session yet.
   */
  start(): void {
    const { logger } = this.options;
    const client = mqtt.connect(this.options.url, {
      clientId: this.options.clientId ?? 'zhidu-ingest',
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    });
    this.client = client;
    client.handleMessage = (packet, callback) => {
      this.current = this.handle(packet).then(
        () => {
          this.current = undefined;
          if (!this.stopping) callback();
        },
        (error: unknown) => {
          this.current = undefined;
          logger.error({ err: error, topic: packet.topic }, 'MQTT message not stored; the broker will redeliver it');
        },
      );
    };
    client.on('connect', (connack) => {
      this.connected.set(1);
      logger.info({ url: redact(this.options.url), sessionPresent: connack.sessionPresent }, 'MQTT subscriber connected');
      client.subscribe({ [MQTT_TOPICS.events]: { qos: 1 }, [MQTT_TOPICS.samples]: { qos: 1 } }, (error) => {
        if (error) logger.error({ err: error }, 'MQTT subscribe failed');
        else this.markSubscribed();
      });
    });
    client.on('close', () => this.connected.set(0));
    client.on('offline', () => logger.warn({ url: redact(this.options.url) }, 'MQTT broker unreachable; reconnecting'));
    client.on('error', (error) => logger.error({ err: error, url: redact(this.options.url) }, 'MQTT subscriber error'));
  }

  /** Resolves once the first subscription is in place. */
  subscribed(): Promise<void> {
    return this.subscribedOnce;
  }

  /** Stops reading; a message being stored is finished first (unacknowledged ones are redelivered later). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.current) await Promise.race([this.current, new Promise((resolve) => setTimeout(resolve, 5000))]);
    await this.client?.endAsync(true);
    this.connected.set(0);
  }

  /** Stores one message, retrying failed commits; resolves when it may be acknowledged. */
  private async handle(packet: IPublishPacket): Promise<void> {
    const { pipeline, logger } = this.options;
    const text = Buffer.isBuffer(packet.payload) ? packet.payload.toString('utf8') : String(packet.payload);
    logger.debug({ topic: packet.topic, bytes: text.length, dup: packet.dup }, 'MQTT message received');
    let delayMs = this.options.retryDelayMs ?? 1000;
    for (;;) {
      try {
        const summary = await this.store(packet.topic, text);
        logger.debug({ topic: packet.topic, accepted: summary.accepted, rejected: summary.rejected }, 'MQTT message committed');
        return;
      } catch (error) {
        pipeline.metrics.refused.inc({ feed: MQTT_FEED.keyId, transport: 'mqtt', code: refusalCode(error) });
        if (error instanceof IngestWriteError) {
          // Retrying cannot help: keep the message in quarantine so the feed is not blocked behind it.
          await this.quarantine(packet.topic, text, error.message);
          return;
        }
        if (this.stopping) throw error;
        logger.warn({ err: error, topic: packet.topic, retryInMs: delayMs }, 'MQTT message not stored yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        delayMs = Math.min(delayMs * 2, 10_000);
      }
    }
  }

  private async store(topic: string, text: string): Promise<IngestSummary> {
    const { pipeline } = this.options;
    const route = topicRoute(topic);
    // mqtt.js hands over the next message only after this one is acknowledged: waiting for the
    // group-commit window would only add latency, so the batch goes now with whatever is queued.
    const session = pipeline.open(
      {
        feed: MQTT_FEED,
        transport: 'mqtt',
        policy: 'live',
        ...(route?.intersection !== undefined ? { onlyIntersection: route.intersection } : {}),
      },
      { urgent: true },
    );
    if (!route) {
      session.addBodyFault('event', { reason: 'MALFORMED_BODY', detail: `topic ${topic} is not zhidu/<intersection>/events or zhidu/samples` }, text.slice(0, QUARANTINE_CHARS));
    } else if (text.trim().length === 0) {
      session.addBodyFault(route.shape === 'sample' ? 'sample' : 'event', { reason: 'MALFORMED_BODY', detail: 'empty message' }, '');
    } else {
      const options = { shape: route.shape, maxLineChars: pipeline.limits.maxLineChars, ...(route.intersection !== undefined ? { defaultIntersection: route.intersection } : {}) };
      const fault = parseJsonDocument(text, options, (record) => session.add(record));
      if (fault) session.addBodyFault(route.shape === 'sample' ? 'sample' : 'event', fault, text.slice(0, QUARANTINE_CHARS));
    }
    return session.finish();
  }

  private async quarantine(topic: string, text: string, detail: string): Promise<void> {
    const session = this.options.pipeline.open({ feed: MQTT_FEED, transport: 'mqtt', policy: 'live' }, { urgent: true });
    session.addBodyFault(topicRoute(topic)?.shape === 'sample' ? 'sample' : 'event', { reason: 'STORE_REFUSED', detail }, text.slice(0, QUARANTINE_CHARS));
    await session.finish();
    this.options.logger.error({ topic, detail }, 'MQTT message refused by the database; kept in ingest_rejects');
  }
}

function refusalCode(error: unknown): string {
  try {
    return commitProblem(error).code;
  } catch {
    return 'ZHIDU_ERR_INTERNAL';
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
