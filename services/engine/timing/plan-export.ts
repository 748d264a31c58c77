/**
 * A stored plan version as the files an engineer takes to the controller (DESIGN §8: "exported
 * (JSON per plan; the controller upload itself is outside the product)"): JSON carrying the
 * `TimingPlan` as the product stores it, and CSV with one row per phase, the layout most
 * controller timing sheets use. Pure: text out, no I/O.
 */
import type { TimingPlan } from '../../../geo/network/network.schema.js';

/** Where an exported plan came from. */
export interface PlanExportHeader {
  intersectionId: string;
  version: number;
  source: string;
  /** ISO-8601. */
  createdAt: string;
  createdBy: string | null;
  note: string | null;
}

/** The JSON export: the header's facts and the plan, with a format marker for importers. */
export interface PlanExportJson extends PlanExportHeader {
  format: 'zhidu-timing-plan/1';
  plan: TimingPlan;
}

export const PLAN_CSV_COLUMNS = [
  'intersection_id',
  'plan_version',
  'plan_id',
  'cycle_s',
  'offset_s',
  'coordinated_phases',
  'ring',
  'ring_position',
  'phase',
  'split_s',
  'green_s',
  'min_green_s',
  'max_green_s',
  'yellow_s',
  'all_red_s',
  'ped_walk_s',
  'ped_clear_s',
] as const;

/**
 * @example planExportJson(header, plan).format // 'zhidu-timing-plan/1'
 */
export function planExportJson(header: PlanExportHeader, plan: TimingPlan): PlanExportJson {
  return { format: 'zhidu-timing-plan/1', ...header, plan };
}

/**
 * One row per phase in ring order (a phase in no ring comes last with an empty ring), CRLF line
 * ends (RFC 4180), numbers as they are stored; `green_s` = split − yellow − all-red.
 *
 * @example
 * planCsv({ intersectionId: 'TJ01', version: 2, ... }, plan).split('\r\n')[1]
 * // 'TJ01,2,TJ01-am,125,0,2 6,1,1,1,20,15,7,,3,2,,'
 */
export function planCsv(header: Pick<PlanExportHeader, 'intersectionId' | 'version'>, plan: TimingPlan): string {
  const lines: string[] = [PLAN_CSV_COLUMNS.join(',')];
  const placed = new Set<number>();
  const row = (ring: string, position: string, phase: number) => {
    const t = plan.phases.find((p) => p.phase === phase);
    if (!t) return;
    placed.add(phase);
    const cells = [
      header.intersectionId,
      header.version,
      plan.id,
      plan.cycleS,
      plan.offsetS,
      plan.coordinatedPhases.join(' '),
      ring,
      position,
      t.phase,
      t.splitS,
      round(t.splitS - t.yellowS - t.allRedS),
      t.minGreenS,
      t.maxGreenS ?? '',
      t.yellowS,
      t.allRedS,
      t.pedWalkS ?? '',
      t.pedClearS ?? '',
    ];
    lines.push(cells.map((c) => csvCell(String(c))).join(','));
  };
  plan.rings.forEach((ring, r) => ring.forEach((phase, k) => row(String(r + 1), String(k + 1), phase)));
  for (const t of plan.phases) if (!placed.has(t.phase)) row('', '', t.phase);
  return `${lines.join('\r\n')}\r\n`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Quotes a cell holding a separator, quote or line break; neutralises spreadsheet formulas. */
function csvCell(text: string): string {
  const safe = /^[=+\-@]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
