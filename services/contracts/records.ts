/**
 * Records after ingest has validated and normalised them (DESIGN §4), and the
 * hand-off of committed records from ingest to the engine (DESIGN §3).
 * Times are epoch milliseconds (UTC) everywhere inside the product.
 */

/** A controller high-resolution event (Indiana enumeration, DESIGN §4.1). */
export interface ControllerEvent {
  intersectionId: string;
  /** Epoch ms. */
  ts: number;
  /** 0..255. */
  code: number;
  /** 0..255. */
  param: number;
}

/** A stored controller event with where it came from. */
export interface StoredControllerEvent extends ControllerEvent {
  feedId: string | null;
  seq: number | null;
}

/** An aggregated detector sample (DESIGN §4.2). */
export interface DetectorSample {
  detectorId: string;
  intersectionId: string;
  /** Interval start, epoch ms. */
  ts: number;
  intervalS: number;
  volume: number;
  occupancyPct: number | null;
  speedKmh: number | null;
  queueM: number | null;
}

/**
 * What ingest publishes after a COMMIT, per intersection, in commit order
 * (the engine's input). Only newly stored records appear (duplicates are not
 * re-published). `committedAt` is when the transaction committed (epoch ms), so
 * the latency from commit to live state is measurable.
 */
export interface CommittedBatch {
  intersectionId: string;
  committedAt: number;
  /** Sorted by (ts, code) as stored; may be older than the engine's window (late records). */
  events: readonly ControllerEvent[];
  samples: readonly DetectorSample[];
}

/** Engine-relevant codes of the Indiana enumeration (DESIGN §4.1). */
export const EventCode = {
  PHASE_BEGIN_GREEN: 1,
  PHASE_GAP_OUT: 4,
  PHASE_MAX_OUT: 5,
  PHASE_FORCE_OFF: 6,
  PHASE_GREEN_TERMINATION: 7,
  PHASE_BEGIN_YELLOW: 8,
  PHASE_END_YELLOW: 9,
  PHASE_BEGIN_RED_CLEARANCE: 10,
  PHASE_END_RED_CLEARANCE: 11,
  PED_BEGIN_WALK: 21,
  PED_BEGIN_CLEARANCE: 22,
  PED_BEGIN_DONT_WALK: 23,
  PED_CALL: 45,
  DETECTOR_OFF: 81,
  DETECTOR_ON: 82,
  DETECTOR_RESTORED: 83,
  DETECTOR_FAULT_OTHER: 84,
  DETECTOR_FAULT_WATCHDOG: 85,
  DETECTOR_FAULT_OPEN: 86,
  DETECTOR_FAULT_SHORTED: 87,
  DETECTOR_FAULT_EXCESSIVE_CHANGE: 88,
  PREEMPT_CALL_ON: 102,
  PREEMPT_CALL_OFF: 104,
  PREEMPT_ENTRY_STARTED: 105,
  COORD_PATTERN_CHANGE: 131,
  CYCLE_LENGTH_CHANGE: 132,
  OFFSET_CHANGE: 133,
  SPLIT_1_CHANGE: 134,
  SPLIT_16_CHANGE: 149,
  COORD_CYCLE_STATE_CHANGE: 150,
  COORD_YIELD_POINT: 151,
  FLASH_STATUS_CHANGE: 173,
  POWER_FAILURE_DETECTED: 182,
  POWER_FAILURE_RESTORED: 184,
} as const;
