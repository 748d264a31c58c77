/**
 * Puts each detector of the network on its lane: stop-bar and advance detectors report
 * through their controller channel (82/81), count and speed detectors as aggregated samples.
 * Injected faults are attached to the detector they concern.
 */
import { DETECTOR_RESTORED_CODE, FAULT_CODE, faultWindow, type FaultWindow } from './detector-faults.js';
import { ChannelTrack, SampleTrack } from './detector-track.js';
import type { World } from './model.js';
import type { DetectorFault } from './types.js';

export interface DetectorTracks {
  channels: { intersectionOrder: number; intersectionId: string; track: ChannelTrack }[];
  samples: SampleTrack[];
}

export interface WireOptions {
  seed: number;
  firstTs: number;
  sampleIntervalS: number;
  faults: readonly DetectorFault[];
  /** Records controller events for reported faults. */
  emit: (intersectionOrder: number, ts: number, code: number, param: number) => void;
}

/**
 * Attaches a zone to every detector's lane and returns the tracks to flush.
 *
 * @example wireDetectors(world, { seed, firstTs, sampleIntervalS: 60, faults: [], emit }).channels.length // 28 for intersection A of the fixture
 */
export function wireDetectors(world: World, options: WireOptions): DetectorTracks {
  const faultsByDetector = new Map<string, FaultWindow[]>();
  const reported = new Map<string, DetectorFault[]>();
  for (const fault of options.faults) {
    const list = faultsByDetector.get(fault.detectorId) ?? [];
    list.push(faultWindow(fault, options.seed));
    list.sort((a, b) => a.start - b.start);
    faultsByDetector.set(fault.detectorId, list);
    if (fault.reported) reported.set(fault.detectorId, [...(reported.get(fault.detectorId) ?? []), fault]);
  }
  const tracks: DetectorTracks = { channels: [], samples: [] };
  for (const intersection of world.intersections) {
    for (const approach of intersection.approaches) {
      const source = intersection.source.approaches.find((a) => a.id === approach.id);
      for (const detector of source?.detectors ?? []) {
        const lane = approach.lanes.find((l) => l.number === detector.lane);
        if (!lane) continue;
        const faults = faultsByDetector.get(detector.id) ?? [];
        if (detector.kind === 'stopbar' || detector.kind === 'advance') {
          const track = new ChannelTrack(detector.channel, faults);
          tracks.channels.push({ intersectionOrder: intersection.order, intersectionId: intersection.id, track });
          lane.zones.push({ distanceM: detector.distanceM, lengthM: detector.lengthM, track });
          for (const fault of reported.get(detector.id) ?? []) {
            const start = Math.round(fault.startTs);
            options.emit(intersection.order, start, FAULT_CODE[fault.kind], detector.channel);
            options.emit(intersection.order, start + Math.round(fault.durationS * 1000), DETECTOR_RESTORED_CODE, detector.channel);
          }
        } else {
          const track = new SampleTrack(detector.id, intersection.id, options.sampleIntervalS * 1000, options.firstTs, faults);
          tracks.samples.push(track);
          lane.zones.push({ distanceM: detector.distanceM, lengthM: detector.lengthM, track });
        }
      }
    }
  }
  return tracks;
}

