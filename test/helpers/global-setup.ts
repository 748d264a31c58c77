/**
 * Runs once before the suites: reports which services are reachable, so a
 * newcomer sees at the top why some suites will be skipped.
 */
import { REQUIRE_SERVICES, service, type ServiceName } from './services.js';

export default async function globalSetup(): Promise<void> {
  const names: ServiceName[] = ['postgres', 'redis', 'mqtt', 'chromium'];
  const missing: string[] = [];
  for (const name of names) {
    try {
      const availability = await service(name);
      if (!availability.available) missing.push(`  ${name}: ${availability.reason}`);
    } catch (error) {
      missing.push(`  ${name}: ${(error as Error).message}`);
    }
  }
  if (missing.length === 0) return;
  if (REQUIRE_SERVICES) throw new Error(`services required by ZHIDU_TEST_REQUIRE_SERVICES=1 are unavailable:\n${missing.join('\n')}`);
  process.stdout.write(`\nZhidu tests: suites needing these services will be skipped:\n${missing.join('\n')}\n(.ci/run starts them; see README "Tests")\n\n`);
}
