/**
 * `npm run simulate -- --scenario am-peak --speed 10 --target http://host:port --key zk_...`
 *
 * Feeds a running Zhidu (server mode, or another machine) from the built-in simulator,
 * with a progress line. Exit code 0 when the run completed, 1 on bad arguments or when
 * the server refused the feed (bad key), 130 when interrupted.
 */
import { parseArgs } from 'node:util';
import { formatNetworkFaults } from '../geo/network/load-network.js';
import { readNetworkFile, SHOWCASE_NETWORK_PATH } from '../geo/network/read-network-file.js';
import { defaultStartTs, startFeeder, type FeederStats } from './feeder.js';
import { isScenarioName, SCENARIO_NAMES } from './scenarios/profiles.js';

const USAGE = `usage: npm run simulate -- --target http://host:8080 --key <feed API key> [options]

  --scenario <name>   ${SCENARIO_NAMES.join(' | ')} (default live)
  --speed <factor>    simulated seconds per wall-clock second (default 1)
  --duration <s>      simulated seconds to run (default: until Ctrl-C at speed 1, 3600 above)
  --start <ISO time>  first simulated instant (default: now at speed 1, else so the run ends now)
  --seed <integer>    random seed (default 20261127)
  --network <file>    network JSON (default: the showcase network)
  --actuated          fully actuated control instead of the fixed-time plans
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(1);
}

function progressLine(stats: FeederStats, startTs: number): string {
  const simulatedMin = ((stats.simTs - startTs) / 60_000).toFixed(1);
  const at = new Date(stats.simTs).toISOString().replace('T', ' ').slice(0, 19);
  return `sim ${at}Z (+${simulatedMin} min)  events ${stats.eventsSent}  samples ${stats.samplesSent}  accepted ${stats.accepted}  rejected ${stats.rejected}  retries ${stats.retries}  backlog ${stats.backlog}${stats.lastError && stats.backlog > 0 ? `  last error: ${stats.lastError.slice(0, 60)}` : ''}`;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        target: { type: 'string' },
        key: { type: 'string' },
        scenario: { type: 'string', default: 'live' },
        speed: { type: 'string', default: '1' },
        duration: { type: 'string' },
        start: { type: 'string' },
        seed: { type: 'string', default: '20261127' },
        network: { type: 'string' },
        actuated: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!parsed.target || !/^https?:\/\/.+/.test(parsed.target)) fail('--target must be an http(s) URL');
  if (!parsed.key) fail('--key is required (create one with: npm run keys -- create --name simulator)');
  if (!isScenarioName(parsed.scenario)) fail(`--scenario must be one of ${SCENARIO_NAMES.join(', ')}`);
  const speed = Number(parsed.speed);
  if (!(speed > 0 && speed <= 1000)) fail('--speed must be a number in (0, 1000]');
  const seed = Number(parsed.seed);
  if (!Number.isInteger(seed)) fail('--seed must be an integer');
  const durationS = parsed.duration !== undefined ? Number(parsed.duration) : speed > 1 ? 3600 : undefined;
  if (durationS !== undefined && !(durationS > 0)) fail('--duration must be a positive number of seconds');
  const startTs = parsed.start !== undefined ? Date.parse(parsed.start) : defaultStartTs(speed, durationS);
  if (!Number.isFinite(startTs)) fail('--start must be an ISO-8601 time with offset, e.g. 2026-11-27T07:00:00+08:00');

  const loaded = await readNetworkFile(parsed.network ?? SHOWCASE_NETWORK_PATH);
  if (!loaded.ok) fail(`network file is invalid:\n${formatNetworkFaults(loaded.faults)}`);

  const interactive = process.stdout.isTTY === true;
  let lastPrinted = 0;
  const feeder = startFeeder({
    network: loaded.network,
    scenario: parsed.scenario,
    seed,
    speed,
    target: parsed.target.replace(/\/$/, ''),
    key: parsed.key,
    startTs,
    ...(durationS !== undefined ? { durationS } : {}),
    ...(parsed.actuated ? { controllerMode: 'actuated' as const } : {}),
    onProgress: (stats) => {
      const now = Date.now();
      if (now - lastPrinted < (interactive ? 200 : 5000)) return;
      lastPrinted = now;
      process.stdout.write(interactive ? `\r${progressLine(stats, startTs)}\u001b[K` : `${progressLine(stats, startTs)}\n`);
    },
    onFatal: (error) => process.stderr.write(`\n${error.message}\n`),
  });
  process.on('SIGINT', () => {
    void feeder.stop().then((stats) => {
      process.stdout.write(`\n${progressLine(stats, startTs)}\ninterrupted\n`);
      process.exit(130);
    });
  });
  const stats = await feeder.finished;
  process.stdout.write(`${interactive ? '\n' : ''}${progressLine(stats, startTs)}\n`);
  const completed = stats.backlog === 0 && (durationS === undefined || stats.simTs >= startTs + durationS * 1000);
  process.stdout.write(completed ? 'done\n' : 'stopped before the end of the run\n');
  process.exit(completed ? 0 : 1);
}

await main();
