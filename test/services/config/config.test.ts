import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../services/config/index.js';

describe('configuration', () => {
  it('defaults to the embedded mode with every role on port 8080', () => {
    const config = loadConfig({}, '/srv/zhidu');
    expect(config.mode).toBe('embedded');
    expect(config.http.port).toBe(8080);
    expect(config.roles).toEqual(['api', 'ingest', 'engine', 'worker']);
    expect(config.dataDir).toBe('/srv/zhidu/data');
    expect(config.simulator.enabled).toBe(true);
    expect(config.http.corsOrigins).toEqual([]);
  });

  it('switches to server mode with DATABASE_URL and keeps the simulator off there', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/zhidu', REDIS_URL: 'redis://r:6379', ZHIDU_ROLES: 'ingest,engine' });
    expect(config.mode).toBe('server');
    expect(config.roles).toEqual(['ingest', 'engine']);
    expect(config.simulator.enabled).toBe(false);
  });

  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ZHIDU_ROLES: 'api,cook', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'ZHIDU_ROLES']);
    expect((error as ConfigError).message).toMatch(/PORT: .*"eighty"/);
  });

  it('is frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
  });

  it('treats empty values as unset and trims the rest', () => {
    expect(loadConfig({ PORT: '', HOST: ' 0.0.0.0 ' }).http).toMatchObject({ port: 8080, host: '0.0.0.0' });
  });
});
