/**
 * Plays the built-in simulator into the real ingest path (DESIGN §13): controller
 * events to `POST /ingest/v1/events` and detector samples to `POST /ingest/v1/samples`
 * as NDJSON, authenticated with a feed API key, paced to the wall clock at a speed
 * factor. Nothing is dropped: a chunk the server could not take (429, 503, network
 * error) is sent again — ingest storage is idempotent — and while chunks wait, the
 * simulated clock stops advancing so memory stays bounded.
 */
import type { Network } from '../geo/network/load-network.js';
import type { TimingPlan } from '../geo/network/network.schema.js';
import type { ControllerEvent, DetectorSample } from '../services/contracts/records.js';
import type { ScenarioName } from './scenarios/profiles.js';
import { createSimulation, type Simulation } from './sim/index.js';
import type { ControllerMode } from './sim/types.js';

export interface FeederOptions {
  network: Network;
  scenario: ScenarioName;
  seed: number;
  /** Simulated seconds per wall-clock second. */
  speed: number;
  /** Base URL of a Zhidu ingest process, e.g. `http://127.0.0.1:8080`. */
  target: string;
  /** Feed API key (sent as `X-Api-Key`). */
  key: string;
  /** First simulated instant, epoch ms (see `defaultStartTs`). */
  startTs: number;
  /** Stop after this much simulated time; absent = until stopped. */
  durationS?: number;
  controllerMode?: ControllerMode;
  /** Wall time between two pushes, ms: the freshness of the live picture (default 250). */
  tickMs?: number;
  /**
   * How far simulated time may run ahead of the wall clock, ms (default 0: a run started in
   * the past catches up at `speed`, then continues in real time — ingest refuses the future).
   */
  maxLeadMs?: number;
  /** Records waiting for the server beyond which the simulated clock pauses (default 100,000). */
  maxBacklogRecords?: number;
  /**
   * The plans in force, by intersection. When given, the simulated controllers run them from
   * the start and switch (at their next cycle) whenever a plan changes — the demo's stand-in for
   * uploading an exported plan to a controller. Polled every `planPollMs` (default 60 s).
   */
  plansInForce?: () => Promise<ReadonlyMap<string, TimingPlan>>;
  planPollMs?: number;
  /** Initial plans (usually the first answer of `plansInForce`). */
  plans?: ReadonlyMap<string, TimingPlan>;
  /** Called when the simulated controllers switch to changed plans. */
  onPlansApplied?: (intersectionIds: string[]) => void;
  /** Called after every push and every failure. */
  onProgress?: (stats: FeederStats) => void;
  /** Called once when the feeder gives up (bad key, refused body); it stops itself. */
  onFatal?: (error: FeederError) => void;
  /** Test seam: the fetch implementation (default global fetch). */
  fetchImpl?: typeof fetch;
}

export interface FeederStats {
  /** Simulated instant up to which everything has been produced. */
  simTs: number;
  eventsSent: number;
  samplesSent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Pushes that failed and were retried. */
  retries: number;
  /** Records produced but not yet acknowledged by the server. */
  backlog: number;
  lastError: string | undefined;
  done: boolean;
}

export interface Feeder {
  stats(): FeederStats;
  /** Resolves when the run ends (duration reached, stopped, or fatal). */
  readonly finished: Promise<FeederStats>;
  /** Stops producing, sends what is already produced (bounded by `graceMs`), and resolves. */
  stop(graceMs?: number): Promise<FeederStats>;
}

/** The server refused in a way a retry cannot fix (bad key, body refused as a whole). */
export class FeederError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'FeederError';
  }
}

interface Chunk {
  path: '/ingest/v1/events' | '/ingest/v1/samples';
  body: string;
  records: number;
}

const MAX_RECORDS_PER_BODY = 5000;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

/** The wire form of an event (DESIGN §4.1). */
export function eventLine(event: ControllerEvent): string {
  return `{"intersection":${JSON.stringify(event.intersectionId)},"ts":${event.ts},"code":${event.code},"param":${event.param}}`;
}

/** The wire form of a sample (DESIGN §4.2). */
export function sampleLine(sample: DetectorSample): string {
  const optional =
    (sample.occupancyPct !== null ? `,"occupancyPct":${sample.occupancyPct}` : '') +
    (sample.speedKmh !== null ? `,"speedKmh":${sample.speedKmh}` : '') +
    (sample.queueM !== null ? `,"queueM":${sample.queueM}` : '');
  return `{"detector":${JSON.stringify(sample.detectorId)},"ts":${sample.ts},"intervalS":${sample.intervalS},"volume":${sample.volume}${optional}}`;
}

function chunksOf<T>(records: readonly T[], path: Chunk['path'], line: (record: T) => string): Chunk[] {
  const chunks: Chunk[] = [];
  for (let i = 0; i < records.length; i += MAX_RECORDS_PER_BODY) {
    const slice = records.slice(i, i + MAX_RECORDS_PER_BODY);
    chunks.push({ path, body: `${slice.map(line).join('\n')}\n`, records: slice.length });
  }
  return chunks;
}

/**
 * Where a run starts by default: now at (or below) wall speed; otherwise far enough in the
 * past that a fast run ends about now (the whole `durationS`, or one hour when the run is
 * open-ended) — simulated time never runs ahead of the wall clock.
 *
 * @example defaultStartTs(1, undefined, now) // now
 * @example defaultStartTs(10, 3600, now)     // now − 1 h
 */
export function defaultStartTs(speed: number, durationS: number | undefined, now = Date.now()): number {
  if (speed <= 1) return now;
  return now - (durationS ?? 3600) * 1000;
}

/**
 * Starts feeding at once.
 *
 * @example
 * const feeder = startFeeder({ network, scenario: 'live', seed: 1, speed: 1, target: 'http://127.0.0.1:8080', key, startTs: Date.now() });
 * await feeder.stop();
 */
export function startFeeder(options: FeederOptions): Feeder {
  const fetchImpl = options.fetchImpl ?? fetch;
  const tickMs = options.tickMs ?? 250;
  const maxBacklog = options.maxBacklogRecords ?? 100_000;
  const maxLeadMs = options.maxLeadMs ?? 0;
  const endTs = options.durationS === undefined ? Infinity : options.startTs + options.durationS * 1000;
  const simulation: Simulation = createSimulation({
    network: options.network,
    scenario: options.scenario,
    seed: options.seed,
    startTs: options.startTs,
    ...(options.controllerMode ? { controllerMode: options.controllerMode } : {}),
    ...(options.plans ? { plans: options.plans } : {}),
  });
  /** What each controller runs, to tell a changed plan from the same one read again. */
  const running = new Map<string, string>([...(options.plans ?? [])].map(([id, plan]) => [id, JSON.stringify(plan)]));
  let planTimer: NodeJS.Timeout | undefined;
  const followPlans = async () => {
    if (!options.plansInForce || stats.done) return;
    try {
      const changed: string[] = [];
      for (const [id, plan] of await options.plansInForce()) {
        const text = JSON.stringify(plan);
        const current = running.get(id) ?? JSON.stringify(options.network.intersections.find((i) => i.id === id)?.plan);
        if (text === current) continue;
        simulation.setPlan(id, plan);
        running.set(id, text);
        changed.push(id);
      }
      if (changed.length > 0) options.onPlansApplied?.(changed);
    } catch (error) {
      stats.lastError = `plans: ${(error as Error).message}`;
    } finally {
      if (!stats.done) planTimer = setTimeout(() => void followPlans(), options.planPollMs ?? 60_000);
    }
  };
  if (options.plansInForce) planTimer = setTimeout(() => void followPlans(), options.planPollMs ?? 60_000);
  const stats: FeederStats = {
    simTs: options.startTs,
    eventsSent: 0,
    samplesSent: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    retries: 0,
    backlog: 0,
    lastError: undefined,
    done: false,
  };
  const queue: Chunk[] = [];
  const wallStart = Date.now();
  /** Simulated time lost while the server was unreachable (the clock paused). */
  let pausedSimMs = 0;
  let lastTickWall = wallStart;
  let producing = true;
  let sending = false;
  let retryAt = 0;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let resolveFinished: (s: FeederStats) => void = () => {};
  const finished = new Promise<FeederStats>((resolve) => {
    resolveFinished = resolve;
  });

  const finish = () => {
    if (stats.done) return;
    stats.done = true;
    producing = false;
    clearTimeout(timer);
    clearTimeout(planTimer);
    resolveFinished({ ...stats });
  };

  const produce = () => {
    const now = Date.now();
    const elapsedSimMs = (now - lastTickWall) * options.speed;
    lastTickWall = now;
    if (stats.backlog > maxBacklog) {
      pausedSimMs += elapsedSimMs;
      return;
    }
    const target = Math.min(endTs, now + maxLeadMs, options.startTs + (now - wallStart) * options.speed - pausedSimMs);
    if (target <= simulation.emittedTo) return;
    const { events, samples } = simulation.advanceTo(Math.floor(target));
    stats.simTs = simulation.emittedTo;
    for (const chunk of [...chunksOf(events, '/ingest/v1/events', eventLine), ...chunksOf(samples, '/ingest/v1/samples', sampleLine)]) {
      queue.push(chunk);
      stats.backlog += chunk.records;
    }
    if (simulation.emittedTo >= endTs) producing = false;
  };

  const send = async (chunk: Chunk): Promise<'sent' | 'retry' | 'fatal'> => {
    let response: Response;
    try {
      response = await fetchImpl(`${options.target}${chunk.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', 'x-api-key': options.key },
        body: chunk.body,
      });
    } catch (error) {
      stats.lastError = (error as Error).message;
      return 'retry';
    }
    const text = await response.text();
    if (response.ok || response.status === 422) {
      // 422: every record was rejected and quarantined by the server — acknowledged, not retried.
      const summary = JSON.parse(text) as { accepted?: number; duplicates?: number; rejected?: number };
      stats.accepted += summary.accepted ?? 0;
      stats.duplicates += summary.duplicates ?? 0;
      stats.rejected += summary.rejected ?? 0;
      return 'sent';
    }
    stats.lastError = `${response.status} ${text.slice(0, 200)}`;
    if (response.status === 429 || response.status >= 500) {
      const retryAfterS = Number(response.headers.get('retry-after'));
      if (Number.isFinite(retryAfterS) && retryAfterS > 0) retryAt = Date.now() + retryAfterS * 1000;
      return 'retry';
    }
    options.onFatal?.(new FeederError(`ingest refused the feed: ${stats.lastError}`, response.status));
    return 'fatal';
  };

  const tick = async () => {
    timer = undefined;
    if (stats.done) return;
    if (producing) produce();
    if (!sending && queue.length > 0 && Date.now() >= retryAt) {
      sending = true;
      const chunk = queue[0] as Chunk;
      const outcome = await send(chunk);
      sending = false;
      if (outcome === 'fatal') {
        finish();
        return;
      }
      if (outcome === 'sent') {
        queue.shift();
        failures = 0;
        stats.backlog -= chunk.records;
        if (chunk.path === '/ingest/v1/events') stats.eventsSent += chunk.records;
        else stats.samplesSent += chunk.records;
      } else {
        failures += 1;
        stats.retries += 1;
        retryAt = Math.max(retryAt, Date.now() + Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (failures - 1)));
      }
      options.onProgress?.({ ...stats });
    }
    if (!producing && queue.length === 0) {
      finish();
      return;
    }
    // Drain a backlog without waiting a whole tick between chunks.
    const delay = queue.length > 0 && Date.now() >= retryAt ? 0 : tickMs;
    timer = setTimeout(() => void tick(), delay);
  };
  timer = setTimeout(() => void tick(), 0);

  return {
    stats: () => ({ ...stats }),
    finished,
    async stop(graceMs = 5000) {
      producing = false;
      const deadline = Date.now() + graceMs;
      while (!stats.done && queue.length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      finish();
      return { ...stats };
    },
  };
}
