import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../../../services/contracts/live.js';
import { buildEngineTestApp, type EngineTestApp } from '../../../../fixtures/engine/engine-app.js';
import { T0 } from '../../../../fixtures/engine/event-builders.js';
import { syntheticFeed } from '../../../../fixtures/engine/synthetic-feed.js';
import { bearer } from '../../../../helpers/auth.js';
import { openTestStore, type TestStore } from '../../../../helpers/test-stores.js';

describe('state route [pglite]', () => {
  let opened: TestStore;
  let t: EngineTestApp;
  let viewer: Record<string, string>;

  beforeAll(async () => {
    opened = await openTestStore('pglite');
    t = await buildEngineTestApp(opened.store);
    viewer = bearer(await t.token('viewer'));
    // the engine computes A live (nothing stored is needed for the state)
    await t.engine.onBatch({ intersectionId: 'A', committedAt: Date.now(), events: syntheticFeed(T0, 8), samples: [] });
    await t.engine.flush();
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  it('answers the city with every intersection the engine computes and the area indices', async () => {
    const res = await t.app.inject({ url: '/api/v1/state?scope=city', headers: viewer });
    expect(res.statusCode).toBe(200);
    const snapshot = res.json<Snapshot>();
    expect(snapshot.scope).toBe('city');
    expect(snapshot.intersections.map((s) => s.intersectionId)).toEqual(['A']);
    const a = snapshot.intersections[0]!;
    expect(a.approaches.map((x) => x.approachId)).toEqual(['A-W', 'A-E', 'A-N', 'A-S']);
    expect(a.flowVph).toBeGreaterThan(0);
    expect(snapshot.areas.map((x) => x.scope).sort()).toEqual(['city', 'corridor:c1', 'district:d1']);
    expect(snapshot.sourceTs).toBe(a.sourceTs);
  });

  it('narrows to a scope', async () => {
    const b = (await t.app.inject({ url: '/api/v1/state?scope=intersection:B', headers: viewer })).json<Snapshot>();
    expect(b.intersections).toEqual([]);
    const corridor = (await t.app.inject({ url: '/api/v1/state?scope=corridor:c1', headers: viewer })).json<Snapshot>();
    expect(corridor.areas.map((x) => x.scope)).toEqual(['corridor:c1']);
    expect(corridor.areas[0]!.travelTimeIndex).toBeGreaterThanOrEqual(1);
  });

  it('refuses an unknown scope with the reason, and anonymous callers', async () => {
    const bad = await t.app.inject({ url: '/api/v1/state?scope=district:atlantis', headers: viewer });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'ZHIDU_ERR_VALIDATION', errors: [{ field: '/query/scope', reason: 'no district "atlantis" in the network' }] });
    expect((await t.app.inject('/api/v1/state?scope=city')).statusCode).toBe(401);
  });
});
