/**
 * Aggregated detector samples waiting for event time to reach the end of their interval,
 * when they are applied to the core — live and in replays alike, so both sum the same
 * minutes. A sample for a minute the core has closed is late.
 */
import type { DetectorSample } from '../../contracts/records.js';
import type { MeasureCore } from './measure-core.js';

const end = (s: DetectorSample) => s.ts + s.intervalS * 1000;

export class SampleQueue {
  private queued: DetectorSample[] = [];

  /** Queues samples; returns those already too late for the core (their minute closed). */
  push(core: MeasureCore, samples: readonly DetectorSample[]): DetectorSample[] {
    const late: DetectorSample[] = [];
    for (const sample of samples) {
      if (core.isClosed(sample.ts)) late.push(sample);
      else this.queued.push(sample);
    }
    if (samples.length > 0) this.queued.sort((a, b) => end(a) - end(b) || a.detectorId.localeCompare(b.detectorId) || a.ts - b.ts);
    return late;
  }

  /** Applies the samples whose interval ended by `t`. */
  applyUntil(core: MeasureCore, t: number): void {
    let n = 0;
    while (n < this.queued.length && end(this.queued[n] as DetectorSample) <= t) {
      const sample = this.queued[n] as DetectorSample;
      core.applySample(sample.detectorId, sample.ts, sample.intervalS, sample.volume);
      n++;
    }
    if (n > 0) this.queued = this.queued.slice(n);
  }

  get size(): number {
    return this.queued.length;
  }
}
