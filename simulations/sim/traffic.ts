/**
 * Vehicles: arrivals, lanes, queues, stop-line discharge, spillback and platoons.
 *
 * The model is mesoscopic and event-driven. Each vehicle enters a link in a lane of its
 * movement (the lane with the fewest vehicles), travels at the speed limit and reaches the
 * stop line at its free-flow arrival (`join`). Each lane is a FIFO queue served at the stop
 * line:
 * - one vehicle per saturation headway h = 3600 / satFlowVphpl (2.0 s through, 2.1 s turns by
 *   default), which makes the capacity under permanent green exactly s;
 * - a queue standing at green start loses the start-up lost time l1 (HCM, 2 s): its n-th
 *   vehicle crosses at green + l1 + n·h;
 * - vehicles keep crossing up to e = 2 s into yellow (HCM's extension of effective green), so
 *   effective green = displayed green, as DESIGN §6 assumes (lost time = yellow + all-red);
 * - a vehicle leaves only if its next link has room (fewer vehicles than length ÷ jam spacing in
 *   some lane of its next movement); otherwise it blocks its lane — that is spillback, and it
 *   holds boundary arrivals outside the network too;
 * - a crossing vehicle enters the next approach's link at once (stop line to stop line), so
 *   departures of one intersection are the next one's arrivals after the link travel time:
 *   platoons, and offsets that matter.
 * Lanes are full-length (no short turn bays); permissive turns discharge at their movement's
 * saturation flow without modelling the opposing flow. Where a vehicle waits and how it moves
 * off (for detectors) is reconstructed in `trajectory.ts`; how a waiting queue moves up past
 * the loops upstream of the stop line, in `queue-creep.ts`.
 */
import type { EventQueue } from './event-queue.js';
import { CREEP_MIN_DISTANCE_M, creepOverZone, START_UP_WAVE_MS_PER_PLACE, type CreepStep } from './queue-creep.js';
import { timeFromStandstillS, zoneOccupancy } from './trajectory.js';
import type { ApproachState, IntersectionState, LaneState, MovementState, Vehicle } from './model.js';
import { onLink } from './model.js';
import { drawMovement, drawVehicleLengthM, nextArrivalTime } from './arrivals.js';
import type { ModelParameters } from './types.js';

/** Minimum spacing of vehicles entering a lane, as a fraction of its saturation headway. */
const ENTRY_HEADWAY_FACTOR = 0.75;

/** The lane a vehicle joins: not full, preferably not blocked, fewest vehicles, then the one entered longest ago. */
function chooseLane(movement: MovementState): LaneState | undefined {
  let best: LaneState | undefined;
  for (const lane of movement.lanes) {
    if (lane.full) continue;
    if (
      !best ||
      (best.blocked && !lane.blocked) ||
      (best.blocked === lane.blocked &&
        (onLink(lane) < onLink(best) || (onLink(lane) === onLink(best) && lane.lastEntryAt < best.lastEntryAt)))
    ) {
      best = lane;
    }
  }
  return best;
}

function longestLaneQueue(approach: ApproachState): number {
  let longest = 0;
  for (const lane of approach.lanes) longest = Math.max(longest, lane.queued);
  return longest;
}

/** Vehicle behaviour over the agenda. Rates of boundary arrivals come from the scenario. */
export class Traffic {
  private readonly startUpLostMs: number;
  private readonly extensionMs: number;
  /** Boundary / mid-block arrivals by minute (epoch minute → count), for run totals. */
  readonly arrivalsByMinute = new Map<number, number>();

  constructor(
    private readonly queue: EventQueue,
    private readonly params: ModelParameters,
    private readonly supplementRateVph: (approach: ApproachState, ts: number) => number,
    private readonly arrivalProcess: 'poisson' | 'uniform' = 'poisson',
  ) {
    this.startUpLostMs = Math.round(params.startUpLostTimeS * 1000);
    this.extensionMs = Math.round(params.yellowExtensionS * 1000);
  }

  /** Starts the boundary / mid-block arrival process of an approach at `from`. */
  startArrivals(approach: ApproachState, from: number): void {
    this.scheduleArrival(approach, from);
  }

  /** A phase turned green: queues restart after the start-up lost time. */
  onGreen(intersection: IntersectionState, phase: number, t: number): void {
    for (const lane of intersection.lanesByPhase.get(phase) ?? []) {
      if (lane.joined > 0) {
        lane.earliestCrossAt = Math.max(lane.earliestCrossAt, t + this.startUpLostMs + lane.headwayMs);
        this.scheduleServe(lane, lane.earliestCrossAt);
      } else {
        lane.earliestCrossAt = Math.max(lane.earliestCrossAt, t);
      }
    }
  }

  /** An incident blocks a lane: nothing crosses its stop line until `unblock`. */
  block(lane: LaneState): void {
    lane.blocked = true;
  }

  unblock(lane: LaneState, t: number): void {
    lane.blocked = false;
    if (lane.joined > 0) {
      lane.earliestCrossAt = Math.max(lane.earliestCrossAt, t + this.startUpLostMs + lane.headwayMs);
      this.scheduleServe(lane, lane.earliestCrossAt);
    }
  }

  /** Whether a vehicle waits at the stop line of a lane of `phase` (a call, for actuated control). */
  hasWaiting(intersection: IntersectionState, phase: number): boolean {
    return (intersection.lanesByPhase.get(phase) ?? []).some((lane) => lane.joined > 0);
  }

  /** Whether `phase` still has traffic to serve: a queue, or a vehicle due at the stop line within `withinMs`. */
  hasDemand(intersection: IntersectionState, phase: number, t: number, withinMs: number): boolean {
    for (const lane of intersection.lanesByPhase.get(phase) ?? []) {
      if (lane.joined > 0) return true;
      const next = lane.vehicles[lane.head + lane.joined];
      if (next && next.joinAt <= t + withinMs) return true;
    }
    return false;
  }

  private scheduleArrival(approach: ApproachState, from: number): void {
    const work = this.arrivalProcess === 'uniform' ? 1 : approach.arrivals.exponential();
    const at = nextArrivalTime(from, work, (ts) => this.supplementRateVph(approach, ts));
    if (at < Infinity) this.queue.schedule(at, (time) => this.arrive(approach, time));
  }

  private arrive(approach: ApproachState, t: number): void {
    const minute = Math.floor(t / 60_000);
    this.arrivalsByMinute.set(minute, (this.arrivalsByMinute.get(minute) ?? 0) + 1);
    const lengthM = drawVehicleLengthM(approach.arrivals);
    const movement = drawMovement(approach, approach.arrivals);
    // Arrivals queue up outside a full link in order: nobody overtakes the vehicles already waiting.
    if (approach.backlog.length > 0 || !this.admit(lengthM, movement, t, t)) approach.backlog.push({ lengthM, movement, wantedAt: t });
    this.scheduleArrival(approach, t);
  }

  /** A new vehicle enters the link of its movement if some lane has room. */
  private admit(lengthM: number, movement: MovementState, t: number, wantedAt: number): boolean {
    const lane = chooseLane(movement);
    if (!lane) return false;
    const vehicle: Vehicle = { lengthM, lane, joinAt: 0, intendedJoinAt: 0, stopDistanceM: 0, queued: false, crossed: false, pending: [], creep: [], creepM: 0, creepFreeAt: 0, next: undefined };
    this.enter(vehicle, lane, t, wantedAt);
    return true;
  }

  private enter(vehicle: Vehicle, lane: LaneState, t: number, wantedAt: number): void {
    const approach = lane.approach;
    // Vehicles enter a lane at least 3/4 of a saturation headway apart: a link carries more than
    // a stop line (≈ 2,400 veh/h/lane against 1,800), and two vehicles never share a detector zone.
    const entryAt = Math.max(t, lane.lastEntryAt + Math.round(lane.headwayMs * ENTRY_HEADWAY_FACTOR));
    lane.lastEntryAt = entryAt;
    vehicle.lane = lane;
    vehicle.joinAt = entryAt + approach.freeTravelMs;
    vehicle.intendedJoinAt = wantedAt + approach.freeTravelMs;
    vehicle.stopDistanceM = 0;
    vehicle.queued = false;
    vehicle.crossed = false;
    vehicle.pending = [];
    vehicle.creep = [];
    vehicle.next = undefined;
    lane.vehicles.push(vehicle);
    this.updateFull(lane, t);
    this.queue.schedule(vehicle.joinAt, (time) => this.join(vehicle, time));
  }

  /** The vehicle reaches the stop line (free-flow arrival): it crosses or queues. */
  private join(vehicle: Vehicle, t: number): void {
    const lane = vehicle.lane;
    const approach = lane.approach;
    const movement = lane.movement;
    const ahead = lane.joined;
    lane.joined++;
    vehicle.stopDistanceM = ahead * this.params.jamSpacingM;
    vehicle.creepM = vehicle.stopDistanceM;
    vehicle.creepFreeAt = t;
    const interval = approach.intersection.intervals.get(movement.phase);
    approach.truth.arrival(t, movement.index, interval !== undefined && interval.greenStart <= t && t < interval.yellowStart);
    const entryAt = vehicle.joinAt - approach.freeTravelMs;
    for (const zone of lane.zones) {
      const onAtM = zone.distanceM + zone.lengthM;
      const offAtM = zone.distanceM - vehicle.lengthM;
      const start = Math.max(entryAt, Math.round(t - (onAtM / approach.speedMps) * 1000));
      if (offAtM >= vehicle.stopDistanceM) {
        // Passed the zone at free flow before reaching its place in the queue.
        const end = Math.round(t - (offAtM / approach.speedMps) * 1000);
        zone.track.add({ start, end, speedKmh: approach.speedMps * 3.6 });
      } else if (zone.distanceM >= CREEP_MIN_DISTANCE_M) {
        // Far upstream: the queue's creep moves the vehicle over it (see queue-creep.ts).
        const occupancy = onAtM >= vehicle.stopDistanceM ? { start, end: NaN, speedKmh: 0 } : undefined;
        if (occupancy) zone.track.add(occupancy);
        vehicle.creep.push({ zone, occupancy });
      } else if (onAtM >= vehicle.stopDistanceM) {
        const occupancy = { start, end: NaN, speedKmh: 0 };
        zone.track.add(occupancy);
        vehicle.pending.push({ zone, occupancy });
      } else {
        vehicle.pending.push({ zone, occupancy: undefined });
      }
    }
    if (ahead === 0) this.serve(lane, t);
    // Not crossed at once (when it did, it may already be on its next link): it queues.
    if (vehicle.lane === lane && !vehicle.crossed) {
      vehicle.queued = true;
      lane.queued++;
      approach.queued++;
      approach.truth.queue(t, approach.queued, longestLaneQueue(approach));
    }
  }

  private scheduleServe(lane: LaneState, time: number): void {
    // An earlier attempt is pending: it re-examines the lane and reschedules as needed.
    if (lane.serveAt <= time) return;
    lane.serveAt = time;
    const token = ++lane.serveToken;
    this.queue.schedule(time, (t) => {
      if (lane.serveToken !== token) return;
      lane.serveAt = Infinity;
      this.serve(lane, t);
    });
  }

  /** Lets the lane's head vehicle cross if the signal, the headway and the next link allow. */
  private serve(lane: LaneState, t: number): void {
    if (lane.joined === 0 || lane.blocked) return;
    if (t < lane.earliestCrossAt) {
      this.scheduleServe(lane, lane.earliestCrossAt);
      return;
    }
    const movement = lane.movement;
    const interval = lane.approach.intersection.intervals.get(movement.phase);
    // Not green (nor within the yellow extension): the next green start serves the lane.
    if (!interval || t < interval.greenStart || t > interval.yellowStart + this.extensionMs) {
      this.standAtLine(lane.vehicles[lane.head] as Vehicle, t);
      return;
    }
    const vehicle = lane.vehicles[lane.head] as Vehicle;
    let target: LaneState | undefined;
    if (movement.exit) {
      vehicle.next ??= drawMovement(movement.exit, movement.exit.routing);
      target = chooseLane(vehicle.next);
      if (!target) {
        for (const downstream of vehicle.next.lanes) downstream.waiters.add(lane);
        this.standAtLine(vehicle, t);
        return;
      }
    }
    this.cross(lane, vehicle, t, target);
  }

  /**
   * The head of the lane waits at the stop line (red, or its next link is full): the zones it
   * has crept onto see it standing from now on, not only once it moves off. Without this a
   * vehicle that joined far back and reached the front by creeping would be invisible to the
   * stop bar until it crossed.
   */
  private standAtLine(vehicle: Vehicle, t: number): void {
    for (const pending of vehicle.pending) {
      if (pending.occupancy || vehicle.creepM > pending.zone.distanceM + pending.zone.lengthM) continue;
      pending.occupancy = { start: Math.max(t, Math.round(vehicle.creepFreeAt)), end: NaN, speedKmh: 0 };
      pending.standing = true;
      pending.zone.track.add(pending.occupancy);
    }
  }

  private cross(lane: LaneState, vehicle: Vehicle, t: number, target: LaneState | undefined): void {
    const approach = lane.approach;
    vehicle.crossed = true;
    const passage = { joinAt: vehicle.joinAt, crossAt: t, stopDistanceM: vehicle.stopDistanceM, speedMps: approach.speedMps };
    const kinematics = { accelerationMps2: this.params.accelerationMps2 };
    // Creep zones the queue did not carry it over (it never stood behind anyone) go with the crossing.
    if (vehicle.creep.length > 0) {
      vehicle.pending.push(...vehicle.creep);
      vehicle.creep = [];
    }
    for (const { zone, occupancy, standing } of vehicle.pending) {
      // Standing at the line, it moves off from standstill there: its rear leaves the zone's near edge.
      const [on, off] = standing
        ? [t, t + timeFromStandstillS(Math.max(0, vehicle.lengthM - zone.distanceM), this.params.accelerationMps2, approach.speedMps) * 1000]
        : zoneOccupancy(passage, zone.distanceM, zone.lengthM, vehicle.lengthM, kinematics);
      const start = occupancy?.start ?? Math.max(vehicle.joinAt - approach.freeTravelMs, Math.round(on));
      const end = Math.max(start, Math.round(off));
      const speedKmh = end > start ? ((zone.lengthM + vehicle.lengthM) / ((end - start) / 1000)) * 3.6 : approach.speedMps * 3.6;
      if (occupancy) {
        occupancy.end = end;
        occupancy.speedKmh = speedKmh;
      } else {
        zone.track.add({ start, end, speedKmh });
      }
    }
    vehicle.pending = [];
    lane.head++;
    if (lane.head > 256 && lane.head * 2 > lane.vehicles.length) {
      lane.vehicles = lane.vehicles.slice(lane.head);
      lane.head = 0;
    }
    lane.joined--;
    this.creepUp(lane, t);
    if (vehicle.queued) {
      lane.queued--;
      approach.queued--;
      approach.truth.queue(t, approach.queued, longestLaneQueue(approach));
    }
    approach.truth.departure(t, lane.movement.index, (t - vehicle.intendedJoinAt) / 1000);
    lane.earliestCrossAt = t + lane.headwayMs;
    this.updateFull(lane, t);
    if (lane.joined > 0) this.scheduleServe(lane, lane.earliestCrossAt);
    if (target) this.enter(vehicle, target, t, t);
    this.wake(lane, t);
  }

  /**
   * A vehicle left the lane: every vehicle waiting behind it moves up one place, the n-th
   * starting about n seconds later (the start-up wave), each move lasting one saturation
   * headway; the loops far upstream see them pass.
   */
  private creepUp(lane: LaneState, t: number): void {
    const jam = this.params.jamSpacingM;
    for (let place = 0; place < lane.joined; place++) {
      const vehicle = lane.vehicles[lane.head + place] as Vehicle;
      if (vehicle.creepM <= 0) continue;
      const step: CreepStep = {
        fromM: vehicle.creepM,
        toM: Math.max(0, vehicle.creepM - jam),
        startAt: Math.max(t + place * START_UP_WAVE_MS_PER_PLACE, vehicle.creepFreeAt),
        durationMs: lane.headwayMs,
      };
      vehicle.creepM = step.toM;
      vehicle.creepFreeAt = step.startAt + step.durationMs;
      if (vehicle.creep.length === 0) continue;
      vehicle.creep = vehicle.creep.filter((pending) => {
        const edges = { onAtM: pending.zone.distanceM + pending.zone.lengthM, offAtM: pending.zone.distanceM - vehicle.lengthM };
        const { onAt, offAt } = creepOverZone(step, edges, pending.occupancy !== undefined);
        if (onAt !== undefined) {
          pending.occupancy = { start: onAt, end: NaN, speedKmh: 0 };
          pending.zone.track.add(pending.occupancy);
        }
        if (offAt === undefined || !pending.occupancy) return true;
        const occupancy = pending.occupancy;
        occupancy.end = Math.max(occupancy.start, offAt);
        occupancy.speedKmh = occupancy.end > occupancy.start ? ((pending.zone.lengthM + vehicle.lengthM) / ((occupancy.end - occupancy.start) / 1000)) * 3.6 : 0;
        return false;
      });
    }
  }

  private updateFull(lane: LaneState, t: number): void {
    const full = onLink(lane) >= lane.storageVeh;
    if (full === lane.full) return;
    lane.full = full;
    const approach = lane.approach;
    approach.fullLanes += full ? 1 : -1;
    approach.truth.full(t, approach.fullLanes > 0);
  }

  /** Room was made in `lane`: retry the upstream lanes and the boundary arrivals waiting for it. */
  private wake(lane: LaneState, t: number): void {
    if (lane.full) return;
    if (lane.waiters.size > 0) {
      const waiters = [...lane.waiters];
      lane.waiters.clear();
      for (const waiter of waiters) this.scheduleServe(waiter, t);
    }
    const backlog = lane.approach.backlog;
    while (backlog.length > 0) {
      const entry = backlog[0] as (typeof backlog)[number];
      if (!this.admit(entry.lengthM, entry.movement, t, entry.wantedAt)) break;
      backlog.shift();
    }
  }
}
