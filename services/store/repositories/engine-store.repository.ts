/**
 * The engine's storage port (`EngineStore` in services/engine/engine.ts) over the SQL
 * port: one transaction per output batch, replaced ranges deleted first.
 */
import type { EngineStore } from '../../engine/engine.js';
import type { SqlPort } from '../port.js';
import { activeEngineAlerts, upsertEngineAlert } from './alert.repository.js';
import { deleteApproachMinutes, upsertApproachMinutes, upsertMovementMinutes } from './approach-minute.repository.js';
import { listDetectorStatus, upsertDetectorStatus } from './detector-status.repository.js';
import { deleteIntersectionMinutes, upsertIntersectionMinutes } from './intersection-minute.repository.js';
import { latestControllerEventTs, loadControllerEvents, loadDetectorSamples } from './measure-series.repository.js';
import { deletePhaseCycles, upsertPhaseCycles } from './phase-cycle.repository.js';

/**
 * @example const engine = createEngine({ network, store: createEngineStore(sqlPort), reorderWindowMs: 3000 });
 */
export function createEngineStore(store: SqlPort): EngineStore {
  return {
    loadEvents: (intersectionId, from, to) => loadControllerEvents(store, intersectionId, from, to),
    loadSamples: (intersectionId, from, to) => loadDetectorSamples(store, intersectionId, from, to),
    latestEventTs: (intersectionId) => latestControllerEventTs(store, intersectionId),
    async writeOutputs(batch) {
      await store.transaction(async (tx) => {
        for (const range of batch.replace) {
          await deletePhaseCycles(tx, range.intersectionId, range.cyclesFrom, range.cyclesTo);
          await deleteApproachMinutes(tx, range.intersectionId, range.minutesFrom, range.minutesTo);
          await deleteIntersectionMinutes(tx, range.intersectionId, range.minutesFrom, range.minutesTo);
        }
        await upsertPhaseCycles(tx, batch.cycles);
        await upsertMovementMinutes(tx, batch.movementMinutes);
        await upsertApproachMinutes(tx, batch.approachMinutes);
        await upsertIntersectionMinutes(tx, batch.intersectionMinutes);
        await upsertDetectorStatus(tx, batch.detectorStatus);
      });
    },
    upsertAlert: (update) => upsertEngineAlert(store, update),
    activeAlerts: (intersectionIds) => activeEngineAlerts(store, intersectionIds),
    detectorStatus: (intersectionIds) => listDetectorStatus(store, intersectionIds),
  };
}
