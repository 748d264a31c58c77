/**
 * Injected detector faults as operations on occupancy: a detector's reported occupancy is
 * its physical occupancy with each fault window applied (stuck-on: occupied throughout;
 * dead: nothing; chatter: false pulses instead of the vehicles).
 * Occupancy is a sorted list of disjoint half-open blocks [start, end) in integer epoch ms;
 * `end` may be +Infinity while the vehicle that holds the detector has not left yet.
 */
import type { DetectorFault, DetectorFaultKind } from './types.js';
import { randomStream } from './rng.js';

export type Block = [start: number, end: number];

/** A fault ready to apply: window in ms and, for chatter, its pulses. */
export interface FaultWindow {
  kind: DetectorFaultKind;
  start: number;
  end: number;
  /** Chatter pulses inside the window, sorted, disjoint. */
  pulses: Block[];
}

/** Chatter pulse timing: on 80–250 ms, off 200–500 ms — about two pulses a second. */
const PULSE_ON_MS: [number, number] = [80, 250];
const PULSE_OFF_MS: [number, number] = [200, 500];

/**
 * Prepares a fault; chatter pulses are drawn from the fault's own stream so they are reproducible.
 *
 * @example faultWindow({ detectorId: 'A-W-SB2', kind: 'dead', startTs: t, durationS: 600 }, 7)
 */
export function faultWindow(fault: DetectorFault, seed: number): FaultWindow {
  const start = Math.round(fault.startTs);
  const end = start + Math.round(fault.durationS * 1000);
  const pulses: Block[] = [];
  if (fault.kind === 'chatter') {
    const stream = randomStream(seed, `chatter:${fault.detectorId}:${start}`);
    let t = start;
    for (;;) {
      const on = t + Math.round(stream.between(...PULSE_OFF_MS));
      if (on >= end) break;
      const off = Math.min(end, on + Math.round(stream.between(...PULSE_ON_MS)));
      if (off > on) pulses.push([on, off]);
      t = off;
    }
  }
  return { kind: fault.kind, start, end, pulses };
}

/**
 * Union of blocks: sorted, with overlapping or touching blocks merged.
 *
 * @example mergeBlocks([[5, 9], [1, 3], [3, 4]]) // [[1, 4], [5, 9]]
 */
export function mergeBlocks(blocks: Block[]): Block[] {
  const sorted = [...blocks].sort((a, b) => a[0] - b[0]);
  const out: Block[] = [];
  for (const [start, end] of sorted) {
    if (end <= start) continue;
    const last = out.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/**
 * Blocks with the window [start, end) removed.
 *
 * @example subtractWindow([[0, 10]], 4, 6) // [[0, 4], [6, 10]]
 */
export function subtractWindow(blocks: Block[], start: number, end: number): Block[] {
  const out: Block[] = [];
  for (const [a, b] of blocks) {
    if (b <= start || a >= end) out.push([a, b]);
    else {
      if (a < start) out.push([a, start]);
      if (b > end) out.push([end, b]);
    }
  }
  return out;
}

/**
 * The reported occupancy: physical blocks (merged) with every fault window applied.
 *
 * @example applyFaults([[0, 10]], [{ kind: 'stuck-on', start: 5, end: 50, pulses: [] }]) // [[0, 50]]
 */
export function applyFaults(physical: Block[], faults: readonly FaultWindow[]): Block[] {
  let blocks = physical;
  for (const fault of faults) {
    if (fault.kind === 'stuck-on') blocks = mergeBlocks([...blocks, [fault.start, fault.end]]);
    else {
      blocks = subtractWindow(blocks, fault.start, fault.end);
      if (fault.kind === 'chatter') blocks = mergeBlocks([...blocks, ...fault.pulses]);
    }
  }
  return blocks;
}

/** Controller fault codes logged for a reported fault (DESIGN §4.1). */
export const FAULT_CODE: Record<DetectorFaultKind, number> = { 'stuck-on': 87, dead: 86, chatter: 88 };
export const DETECTOR_RESTORED_CODE = 83;
