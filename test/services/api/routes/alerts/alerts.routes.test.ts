import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../../../services/contracts/live.js';
import { upsertEngineAlert } from '../../../../../services/store/repositories/alert.repository.js';
import { buildEngineTestApp, type EngineTestApp } from '../../../../fixtures/engine/engine-app.js';
import { at } from '../../../../fixtures/engine/event-builders.js';
import { bearer } from '../../../../helpers/auth.js';
import { openTestStore, type TestStore } from '../../../../helpers/test-stores.js';

describe('alerts routes [pglite]', () => {
  let opened: TestStore;
  let t: EngineTestApp;
  const engineAlert = (id: string, kind: Alert['kind'], openedAt: number) => ({
    id,
    kind,
    severity: 'warning' as const,
    status: 'open' as const,
    intersectionId: 'A',
    approachId: null,
    detectorId: null,
    position: [117.2, 39.12] as [number, number],
    openedAt,
    updatedAt: openedAt,
    closedAt: null,
    acknowledgedBy: null,
    details: { congestionIndex: 6.5 },
    sourceTs: openedAt,
  });

  beforeAll(async () => {
    opened = await openTestStore('pglite');
    t = await buildEngineTestApp(opened.store);
    await upsertEngineAlert(opened.store, engineAlert('congestion:A:1', 'congestion', at(60)));
    await upsertEngineAlert(opened.store, engineAlert('spillback:A-W:2', 'spillback', at(120)));
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  it('lists alerts newest first with filters', async () => {
    const viewer = bearer(await t.token('viewer'));
    const all = (await t.app.inject({ url: '/api/v1/alerts', headers: viewer })).json<{ alerts: Alert[] }>().alerts;
    expect(all.map((a) => a.id)).toEqual(['spillback:A-W:2', 'congestion:A:1']);
    const kind = (await t.app.inject({ url: '/api/v1/alerts?kind=congestion&status=active&intersection=A', headers: viewer })).json<{ alerts: Alert[] }>();
    expect(kind.alerts.map((a) => a.id)).toEqual(['congestion:A:1']);
    const window = (await t.app.inject({ url: `/api/v1/alerts?from=${at(90)}&to=${new Date(at(200)).toISOString()}`, headers: viewer })).json<{ alerts: Alert[] }>();
    expect(window.alerts.map((a) => a.id)).toEqual(['spillback:A-W:2']);
    const bad = await t.app.inject({ url: '/api/v1/alerts?status=sleeping', headers: viewer });
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/alerts?intersection=Q', headers: viewer })).json()).toMatchObject({ code: 'ZHIDU_ERR_UNKNOWN_INTERSECTION' });
  });

  it('lets an officer acknowledge once, keeps the acknowledgement when the engine updates, and audits it', async () => {
    const officer = bearer(await t.token('officer'));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/alerts/congestion:A:1/acknowledge', headers: officer, payload: { note: '在路上' } });
    expect(res.statusCode).toBe(200);
    expect(res.json<Alert>()).toMatchObject({ status: 'acknowledged', note: '在路上' });
    expect(res.json<Alert>().acknowledgedBy).toMatch(/^officer\./);
    expect(t.published.map((a) => [a.id, a.status])).toEqual([['congestion:A:1', 'acknowledged']]);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/alerts/congestion:A:1/acknowledge', headers: officer });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ZHIDU_ERR_CONFLICT', errors: [{ field: '/params/id', reason: 'the alert is acknowledged, not open' }] });
    // the engine updates the cause: still acknowledged
    const updated = await upsertEngineAlert(opened.store, { ...engineAlert('congestion:A:1', 'congestion', at(60)), updatedAt: at(180), details: { congestionIndex: 7.1 } });
    expect(updated).toMatchObject({ status: 'acknowledged', details: { congestionIndex: 7.1 } });
    const audit = await opened.store.query<{ action: string; target_id: string }>("SELECT action, target_id FROM audit_log WHERE action LIKE 'alert.%'");
    expect(audit.rows).toEqual([{ action: 'alert.acknowledge', target_id: 'congestion:A:1' }]);
  });

  it('closes by hand, after which the engine cannot reopen or change it', async () => {
    const engineer = bearer(await t.token('engineer'));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/alerts/spillback:A-W:2/close', headers: engineer, payload: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json<Alert>()).toMatchObject({ status: 'closed' });
    expect(res.json<Alert>().closedBy).toMatch(/^engineer\./);
    expect(await upsertEngineAlert(opened.store, { ...engineAlert('spillback:A-W:2', 'spillback', at(120)), updatedAt: at(400) })).toBeUndefined();
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/alerts/spillback:A-W:2/close', headers: engineer })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/alerts/nope/close', headers: engineer })).json()).toMatchObject({ status: 404, errors: [{ field: '/params/id' }] });
    const long = await t.app.inject({ method: 'POST', url: '/api/v1/alerts/congestion:A:1/close', headers: engineer, payload: { note: 'x'.repeat(2001) } });
    expect(long.json()).toMatchObject({ status: 400, code: 'ZHIDU_ERR_VALIDATION', errors: [{ field: '/body/note' }] });
  });

  it('keeps viewers from changing alerts', async () => {
    const viewer = bearer(await t.token('viewer'));
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/alerts/congestion:A:1/close', headers: viewer })).statusCode).toBe(403);
  });

  it('turns a field report into an incident alert for the command centre', async () => {
    const officer = bearer(await t.token('officer'));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: officer,
      payload: { type: 'crash', note: '两车追尾，占用一条车道', position: [117.201, 39.121], intersectionId: 'A' },
    });
    expect(res.statusCode).toBe(201);
    const incident = res.json<Alert>();
    expect(incident).toMatchObject({ kind: 'incident', status: 'open', severity: 'warning', intersectionId: 'A', position: [117.201, 39.121], note: '两车追尾，占用一条车道', details: { type: 'crash', inNetworkArea: true } });
    expect(incident.id).toMatch(/^incident:/);
    expect(incident.reportedBy).toMatch(/^officer\./);
    expect(t.published.at(-1)?.id).toBe(incident.id);
    expect((await t.live.read()).alerts.map((a) => a.id)).toContain(incident.id);
    // bad reports: a position off the globe, an unknown kind, an unknown intersection
    const offGlobe = await t.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: officer, payload: { type: 'crash', position: [200, 39] } });
    expect(offGlobe.statusCode).toBe(400);
    expect(offGlobe.json().errors[0].field).toMatch(/position/);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: officer, payload: { type: 'ufo', position: [117.2, 39.1] } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: officer, payload: { type: 'other', position: [117.2, 39.1], intersectionId: 'Q' } })).json()).toMatchObject({
      code: 'ZHIDU_ERR_UNKNOWN_INTERSECTION',
      errors: [{ field: '/body/intersectionId' }],
    });
  });
});
