/**
 * Process entry: reads the configuration, starts the roles it names, and stops
 * cleanly on SIGINT/SIGTERM (a second signal exits at once).
 */
import { ConfigError, loadConfig } from './config/index.js';
import { startSystem } from './system.js';

async function main(): Promise<void> {
  const startedAt = performance.now();
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const system = await startSystem(config, { listen: true });
  system.logger.info({ startupMs: Math.round(performance.now() - startedAt) }, `Zhidu 知堵 ready at ${system.url ?? '(no HTTP role)'}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      system.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    system.logger.info({ signal }, 'stopping');
    system.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        system.logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Zhidu failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
