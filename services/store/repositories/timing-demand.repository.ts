/**
 * The measured demand a timing suggestion reads (DESIGN §8): the engine's per-movement minute
 * records (`movement_minutes`, migration 0030) summed over a window, per movement. Read
 * straight from the minutes rather than the 15-minute roll-up, so a window need not sit on a
 * roll-up bucket and nothing waits for the roll-up job or a continuous-aggregate refresh.
 */
import type { MovementType } from '../../../geo/network/network.schema.js';
import type { SqlExecutor } from '../port.js';
import { sqlFile } from '../sql-files.js';

/** One movement's sums over the window (the shape `measuredDemand` of services/engine/timing takes). */
export interface MovementWindowRow {
  intersectionId: string;
  approachId: string;
  movement: MovementType;
  minutes: number;
  degradedMinutes: number;
  volumeVeh: number;
  arrivals: number;
  arrivalsOnGreen: number;
  greenS: number;
}

/**
 * @param from inclusive minute start, epoch ms
 * @param to   exclusive, epoch ms
 * @example const rows = await movementWindow(store, ['TJ01'], to - 15 * 60_000, to);
 */
export async function movementWindow(sql: SqlExecutor, intersectionIds: readonly string[], from: number, to: number): Promise<MovementWindowRow[]> {
  const result = await sql.query<{
    intersection_id: string;
    approach_id: string;
    movement: MovementType;
    minutes: number;
    degraded_minutes: number;
    volume_veh: number;
    arrivals: number;
    arrivals_on_green: number;
    green_s: number;
  }>(sqlFile('timing/movement-window'), [intersectionIds, new Date(from), new Date(to)]);
  return result.rows.map((row) => ({
    intersectionId: row.intersection_id,
    approachId: row.approach_id,
    movement: row.movement,
    minutes: row.minutes,
    degradedMinutes: row.degraded_minutes,
    volumeVeh: row.volume_veh,
    arrivals: row.arrivals,
    arrivalsOnGreen: row.arrivals_on_green,
    greenS: row.green_s,
  }));
}
