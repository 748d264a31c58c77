/**
 * Why a record was quarantined (DESIGN §4.3): a small, stable catalogue. The codes
 * appear in `ingest_rejects.reason_code`, in ingest responses and in the
 * `zhidu_ingest_rejected_total{reason}` metric; feeds and the dashboard key on them.
 */

export const REJECT_REASONS = {
  /** The line or message is not valid JSON. */
  MALFORMED_JSON: 'not valid JSON',
  /** The CSV row cannot be read (quotes, column count, encoding). */
  MALFORMED_CSV: 'not a valid CSV row',
  /** A line (record) is longer than the limit; the rest of it was skipped. */
  LINE_TOO_LONG: 'line longer than the limit',
  /** The JSON value is not an object (an array, string, number, null). */
  NOT_AN_OBJECT: 'record is not a JSON object',
  /** A required field is absent. */
  MISSING_FIELD: 'a required field is missing',
  /** A field has the wrong JSON type (a string where a number belongs, a fraction where an integer belongs). */
  WRONG_TYPE: 'a field has the wrong type',
  /** The timestamp cannot be read, or a live feed sent a local time without an offset. */
  BAD_TIMESTAMP: 'timestamp cannot be read',
  /** Event code outside 0..255. */
  CODE_OUT_OF_RANGE: 'event code out of range',
  /** Event parameter outside its range (0..255; phases 1..16). */
  PARAM_OUT_OF_RANGE: 'event parameter out of range',
  /** A detector-sample value outside its range (interval, volume, occupancy, speed, queue). */
  VALUE_OUT_OF_RANGE: 'value out of range',
  /** The intersection is not in the network. */
  UNKNOWN_INTERSECTION: 'unknown intersection',
  /** A detector event (81–88) names a channel the intersection has no detector on. */
  UNKNOWN_CHANNEL: 'unknown detector channel',
  /** A sample names a detector that is not in the network. */
  UNKNOWN_DETECTOR: 'unknown detector',
  /** The feed's key (or the MQTT topic, or the import's --intersection) does not cover the intersection. */
  OUT_OF_SCOPE: 'intersection outside the feed scope',
  /** More than 5 minutes in the future. */
  TS_IN_FUTURE: 'timestamp in the future',
  /** Older than the lateness window (live feeds) or the retention period (imports). */
  TS_TOO_OLD: 'timestamp too old',
  /** A detector sample sent where controller events belong, or the reverse. */
  WRONG_KIND: 'wrong record kind for this endpoint',
  /** The whole body could not be read (bad gzip, invalid JSON document). */
  MALFORMED_BODY: 'body cannot be read',
  /** The body exceeds the size limit; only its start is kept. */
  BODY_TOO_LARGE: 'body larger than the limit',
  /** The database refused a message's records for good (kept here so a queue-based feed is not blocked by it). */
  STORE_REFUSED: 'the database refused the records',
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;

/** Every reason code, for documentation and metrics initialisation. */
export const REJECT_REASON_CODES = Object.keys(REJECT_REASONS) as RejectReason[];
