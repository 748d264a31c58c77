/**
 * One sender's unit of work — an HTTP request, a WebSocket batch, an MQTT message, a
 * file — from parsed records to an acknowledgement: each record is validated, accepted
 * records and rejects are handed to the group commit in chunks, and `finish()` resolves
 * with the summary only after every chunk committed.
 */
import type { StoredControllerEvent } from '../services/contracts/records.js';
import type { StoredDetectorSample } from '../services/store/repositories/detector-sample.repository.js';
import type { RejectRow } from '../services/store/repositories/reject.repository.js';
import type { CommitOutcome, CommitWork, GroupCommitter } from './batcher.js';
import type { IngestMetrics } from './metrics.js';
import { rawText, type IngestSource, type ParsedRecord, type RecordFault, type RecordKind } from './records.js';
import type { RejectReason } from './reject-reasons.js';
import type { RecordValidator, ValidationWindow } from './validate.js';

/** One rejected record as reported back to the sender. */
export interface RejectNote {
  /** 1-based line (NDJSON, CSV) or array position (JSON array); absent for a whole body. */
  line?: number;
  reason: RejectReason;
  field?: string;
  detail: string;
}

/** What a sender is told once everything it sent is stored. */
export interface IngestSummary {
  /** Records stored and acknowledged — new ones plus `duplicates`. */
  accepted: number;
  /** Accepted records that were stored already (retries are idempotent). */
  duplicates: number;
  /** Records quarantined in `ingest_rejects`. */
  rejected: number;
  /** Accepted events older than their intersection's newest by more than the engine's reorder window. */
  late: number;
  rejectedByReason: Partial<Record<RejectReason, number>>;
  /** The first rejects, in input order. */
  rejects: RejectNote[];
}

export interface SessionSettings {
  committer: GroupCommitter;
  validator: RecordValidator;
  metrics: IngestMetrics;
  window: ValidationWindow;
  /** Newest event time per intersection (shared by all sessions), for the late flag. */
  newestTs: Map<string, number>;
  reorderWindowMs: number;
  /** Records per submission to the group commit. */
  chunkRows: number;
  /** How many rejects the summary lists. */
  firstRejects: number;
  /** Flush without waiting for the group-commit window (a sender that sends one message at a time). */
  urgent: boolean;
}

/**
 * @example
 * const session = pipeline.open(source);
 * decoder.push(chunk, (record) => session.add(record));
 * await session.submitFull();
 * const summary = await session.finish(); // after COMMIT
 */
export class IngestSession {
  readonly source: IngestSource;
  private readonly settings: SessionSettings;
  private readonly feedId: string;
  private events: StoredControllerEvent[] = [];
  private samples: StoredDetectorSample[] = [];
  private rejectRows: RejectRow[] = [];
  /** Full chunks waiting to be submitted. */
  private sealed: CommitWork[] = [];
  private readonly submissions: Promise<CommitOutcome>[] = [];
  private readonly notes: RejectNote[] = [];
  private readonly byReason: Partial<Record<RejectReason, number>> = {};
  private late = 0;
  private failure: Error | undefined;

  constructor(source: IngestSource, settings: SessionSettings) {
    this.source = source;
    this.settings = settings;
    this.feedId = source.feed.keyId;
  }

  /** The first failure of a submitted chunk (the sender will have to retry). */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Validates one parsed record and buffers it (or its reject); a full buffer becomes a chunk. */
  add(record: ParsedRecord): void {
    this.classify(record);
    if (this.events.length + this.samples.length + this.rejectRows.length >= this.settings.chunkRows) this.seal();
  }

  private classify(record: ParsedRecord): void {
    const { window, validator } = this.settings;
    if (record.type === 'event') {
      const event = record.event;
      if (this.source.onlyIntersection !== undefined && event.intersectionId !== this.source.onlyIntersection) {
        this.reject(record, 'event', {
          reason: 'OUT_OF_SCOPE',
          field: 'intersection',
          detail: `this source carries intersection ${this.source.onlyIntersection} only`,
          intersectionId: event.intersectionId,
        });
        return;
      }
      const fault = validator.checkEvent(event, window);
      if (fault) return this.reject(record, 'event', fault);
      if (this.source.policy === 'live') this.noteLateness(event.intersectionId, event.ts);
      this.events.push({ intersectionId: event.intersectionId, ts: event.ts, code: event.code, param: event.param, feedId: this.feedId, seq: event.seq });
    } else if (record.type === 'sample') {
      const sample = record.sample;
      const intersectionId = validator.checkSample(sample, window);
      if (typeof intersectionId !== 'string') return this.reject(record, 'sample', intersectionId);
      if (this.source.onlyIntersection !== undefined && intersectionId !== this.source.onlyIntersection) {
        return this.reject(record, 'sample', { reason: 'OUT_OF_SCOPE', field: 'detector', detail: `this source carries intersection ${this.source.onlyIntersection} only`, intersectionId });
      }
      this.samples.push({
        detectorId: sample.detectorId,
        intersectionId,
        ts: sample.ts,
        intervalS: sample.intervalS,
        volume: sample.volume,
        occupancyPct: sample.occupancyPct,
        speedKmh: sample.speedKmh,
        queueM: sample.queueM,
        feedId: this.feedId,
        seq: sample.seq,
      });
    } else this.reject(record, record.kind, record.fault);
  }

  /** Quarantines a whole body that could not be split into records. */
  addBodyFault(kind: RecordKind, fault: { reason: 'MALFORMED_BODY' | 'BODY_TOO_LARGE' | 'STORE_REFUSED'; detail: string }, raw: string): void {
    this.reject({ line: undefined, raw }, kind, fault);
  }

  /** Closes the current chunk (it is submitted by the next `submitFull` or `finish`). */
  private seal(): void {
    this.sealed.push({ events: this.events, samples: this.samples, rejects: this.rejectRows });
    this.events = [];
    this.samples = [];
    this.rejectRows = [];
  }

  /**
   * Submits the buffer when it holds a full chunk; waits for room in the backlog first
   * (so a large body or a stream is paced by the database, not refused halfway).
   */
  async submitFull(): Promise<void> {
    while (this.sealed.length > 0 && !this.failure) await this.submitChunk(this.sealed.shift() as CommitWork);
  }

  /**
   * Submits what is left and resolves once everything is committed.
   *
   * @throws the first failure (IngestOverloadedError, IngestUnavailableError, IngestWriteError); the sender must retry.
   */
  async finish(): Promise<IngestSummary> {
    if (this.events.length + this.samples.length + this.rejectRows.length > 0) this.seal();
    await this.submitFull();
    const outcomes = await Promise.allSettled(this.submissions);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    const summary: IngestSummary = { accepted: 0, duplicates: 0, rejected: 0, late: this.late, rejectedByReason: this.byReason, rejects: this.notes };
    let newEvents = 0;
    let duplicateEvents = 0;
    let newSamples = 0;
    let duplicateSamples = 0;
    for (const outcome of outcomes as PromiseFulfilledResult<CommitOutcome>[]) {
      newEvents += outcome.value.newEvents;
      duplicateEvents += outcome.value.duplicateEvents;
      newSamples += outcome.value.newSamples;
      duplicateSamples += outcome.value.duplicateSamples;
      summary.rejected += outcome.value.rejectsStored;
    }
    summary.accepted = newEvents + duplicateEvents + newSamples + duplicateSamples;
    summary.duplicates = duplicateEvents + duplicateSamples;
    this.count(newEvents + duplicateEvents, newSamples + duplicateSamples, duplicateEvents, duplicateSamples);
    return summary;
  }

  private count(events: number, samples: number, duplicateEvents: number, duplicateSamples: number): void {
    const { metrics } = this.settings;
    const feed = this.feedId;
    const transport = this.source.transport;
    if (events > 0) metrics.accepted.inc({ feed, transport, kind: 'event' }, events);
    if (samples > 0) metrics.accepted.inc({ feed, transport, kind: 'sample' }, samples);
    if (duplicateEvents > 0) metrics.duplicates.inc({ feed, kind: 'event' }, duplicateEvents);
    if (duplicateSamples > 0) metrics.duplicates.inc({ feed, kind: 'sample' }, duplicateSamples);
    if (this.late > 0) metrics.late.inc({ feed }, this.late);
    for (const [reason, n] of Object.entries(this.byReason)) metrics.rejected.inc({ feed, transport, reason }, n);
  }

  private async submitChunk(work: CommitWork): Promise<void> {
    const { committer } = this.settings;
    const rows = work.events.length + work.samples.length + work.rejects.length;
    if (!committer.hasRoom(rows)) await committer.drained();
    const submission = committer.submit(work, { urgent: this.settings.urgent });
    submission.catch((error: Error) => {
      this.failure ??= error;
    });
    this.submissions.push(submission);
  }

  private noteLateness(intersectionId: string, ts: number): void {
    const newest = this.settings.newestTs.get(intersectionId);
    if (newest === undefined || ts > newest) this.settings.newestTs.set(intersectionId, ts);
    else if (newest - ts > this.settings.reorderWindowMs) this.late++;
  }

  private reject(record: { line: number | undefined; raw: string | undefined; value?: unknown }, kind: RecordKind, fault: RecordFault): void {
    this.byReason[fault.reason] = (this.byReason[fault.reason] ?? 0) + 1;
    if (this.notes.length < this.settings.firstRejects) {
      const note: RejectNote = { reason: fault.reason, detail: fault.detail };
      if (record.line !== undefined) note.line = record.line;
      if (fault.field !== undefined) note.field = fault.field;
      this.notes.push(note);
    }
    this.rejectRows.push({
      feedId: this.feedId,
      transport: this.source.transport,
      recordKind: kind,
      line: record.line ?? null,
      reasonCode: fault.reason,
      reason: fault.detail,
      field: fault.field ?? null,
      intersectionId: fault.intersectionId ?? null,
      raw: rawText(record),
    });
  }
}
