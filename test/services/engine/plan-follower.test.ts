import { expect, it } from 'vitest';
import { createEngine } from '../../../services/engine/engine.js';
import { followPlansInForce } from '../../../services/engine/plan-follower.js';
import { createEngineStore } from '../../../services/store/repositories/engine-store.repository.js';
import { currentPlans, insertPlanVersion, seedNetworkPlans } from '../../../services/store/repositories/timing-plan.repository.js';
import { ensureDayPartitions } from '../../../services/store/retention.js';
import { at, T0 } from '../../fixtures/engine/event-builders.js';
import { syntheticFeed } from '../../fixtures/engine/synthetic-feed.js';
import { twoIntersectionIndex } from '../../helpers/networks.js';
import { describeEachStore } from '../../helpers/test-stores.js';

const network = twoIntersectionIndex();

await describeEachStore('engine follows the plans in force', (ctx) => {
  it('applies a newly stored plan version to the running shard once, and only that one', async () => {
    await seedNetworkPlans(ctx.store, [...network.intersections.values()]);
    await ensureDayPartitions(ctx.store, new Date(at(-86_400)), new Date(at(86_400)));
    const inForce = await currentPlans(ctx.store);
    const engine = createEngine({ network, plans: new Map([...inForce].map(([id, s]) => [id, s.plan])), store: createEngineStore(ctx.store), reorderWindowMs: 3000 });
    await engine.onAssigned(['A', 'B']);
    await engine.onBatch({ intersectionId: 'A', committedAt: Date.now(), events: syntheticFeed(T0, 5), samples: [] });
    const planIdOf = () => engine.snapshot('intersection:A').intersections.find((s) => s.intersectionId === 'A')?.planId;
    expect(planIdOf()).toBe('A-P1');

    const applied: string[] = [];
    const follower = followPlansInForce({
      load: () => currentPlans(ctx.store),
      apply: (id, plan) => {
        applied.push(id);
        engine.setPlan(id, plan);
      },
      initial: new Map([...inForce].map(([id, s]) => [id, s.version])),
      everyMs: 60_000,
      onError: (error) => {
        throw error;
      },
    });
    try {
      expect(await follower.refresh()).toEqual([]);
      const v1 = inForce.get('A')!.plan;
      const v2 = { ...v1, id: 'A-P2', cycleS: v1.cycleS + 20 };
      await insertPlanVersion(ctx.store, { intersectionId: 'A', version: 2, plan: v2, source: 'suggestion', note: 'suggestion 1', createdBy: 'wang' });

      expect(await follower.refresh()).toEqual(['A']);
      expect(planIdOf()).toBe('A-P2');
      // a second poll finds nothing new: the shard is not touched again
      expect(await follower.refresh()).toEqual([]);
      expect(applied).toEqual(['A']);
    } finally {
      follower.stop();
      await engine.close();
    }
  });
});
