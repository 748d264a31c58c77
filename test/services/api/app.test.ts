import Fastify from 'fastify';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ZhiduApp } from '../../../services/api/app.js';
import access, { MissingAccessDeclarationError, type Authenticator } from '../../../services/api/plugins/access.js';
import { loadConfig } from '../../../services/config/index.js';
import { openPgliteStore } from '../../../services/store/pglite.adapter.js';
import type { SqlPort } from '../../../services/store/port.js';
import { twoIntersectionIndex } from '../../helpers/networks.js';

const refuseAll: Authenticator = { authenticate: async () => undefined };

describe('HTTP app basics', () => {
  let app: ZhiduApp;
  let store: SqlPort;
  let redisUp = true;

  beforeAll(async () => {
    store = await openPgliteStore();
    app = await buildApp({
      config: loadConfig({}),
      store,
      network: twoIntersectionIndex(),
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      authenticator: refuseAll,
      readiness: {
        redis: async () => {
          if (!redisUp) throw new Error('connection refused');
        },
      },
    });
    // A route failing the way pg fails when the database connection is lost.
    app.get('/test/lost-connection', { config: { access: 'public' } }, async () => {
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' });
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('answers a lost database connection with 503 and a retry hint', async () => {
    const res = await app.inject('/test/lost-connection');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toMatchObject({ code: 'ZHIDU_ERR_UNAVAILABLE', retryAfterS: 1 });
  });

  it('logs one line per request at debug, by route pattern, and server errors at warn', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const logged = await buildApp({ config: loadConfig({}), store, network: twoIntersectionIndex(), logger, registry: new Registry(), authenticator: refuseAll });
    logged.get('/test/boom', { config: { access: 'public' } }, async () => {
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' });
    });
    await logged.ready();
    try {
      await logged.inject('/healthz?token=secret');
      await logged.inject('/test/boom');
      const completed = lines.filter((l) => l.msg === 'request completed');
      expect(completed).toEqual([
        expect.objectContaining({ level: 20, method: 'GET', route: '/healthz', statusCode: 200 }),
        expect.objectContaining({ level: 40, route: '/test/boom', statusCode: 503 }),
      ]);
      expect(lines.some((l) => l.msg === 'incoming request')).toBe(false);
      expect(JSON.stringify(lines)).not.toContain('secret');
    } finally {
      await logged.close();
    }
  });

  it('answers liveness', async () => {
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness per dependency, 503 when one fails', async () => {
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    redisUp = false;
    const res = await app.inject('/readyz');
    redisUp = true;
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not-ready', checks: { database: 'ok', redis: 'connection refused' } });
  });

  it('serves Prometheus metrics, counting refused requests by error code', async () => {
    await app.inject('/no/such/route');
    const res = await app.inject('/metrics');
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(/zhidu_http_errors_total\{code="ZHIDU_ERR_NOT_FOUND"\} [1-9]/);
    expect(res.body).toMatch(/zhidu_process_cpu_seconds_total/);
  });

  it('serves the OpenAPI document and its browsable UI', async () => {
    const doc = await app.inject('/docs/json');
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(expect.arrayContaining(['/api/v1/network', '/api/v1/network.geojson', '/readyz']));
    expect((await app.inject('/docs/static/swagger-ui.css')).statusCode).toBe(200);
  });

  it('answers unknown routes with problem+json', async () => {
    const res = await app.inject('/api/v1/nothing');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'ZHIDU_ERR_NOT_FOUND', type: 'urn:zhidu:problem:ZHIDU_ERR_NOT_FOUND', instance: '/api/v1/nothing' });
  });

  it('refuses the network to anonymous callers', async () => {
    const res = await app.inject('/api/v1/network');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('ZHIDU_ERR_UNAUTHENTICATED');
  });

  it('sends security headers and keeps CORS closed', async () => {
    const res = await app.inject({ url: '/healthz', headers: { origin: 'http://evil.example' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('access declarations', () => {
  it('refuses to start when a route declares no access (default deny)', async () => {
    const app = Fastify();
    const start = async () => {
      await app.register(access, { authenticator: refuseAll, registry: new Registry() });
      await app.register(async (scoped) => {
        scoped.get('/undeclared', async () => 'open');
      });
      await app.ready();
    };
    await expect(start()).rejects.toThrow(MissingAccessDeclarationError);
  });
});
