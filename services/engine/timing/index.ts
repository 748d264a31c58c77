/**
 * Signal-timing optimiser (DESIGN §8): pure functions from demand and plans to suggestions.
 * Single intersections (`optimiseIntersection`), time-of-day plans (`proposeTimeOfDayPlans`)
 * and corridors (`optimiseCorridor`), with the building blocks they are made of.
 */
export * from './demand.js';
export * from './demand-from-network.js';
export * from './lost-time.js';
export * from './phase-minimums.js';
export * from './critical-path.js';
export * from './webster-cycle.js';
export * from './cycle-refinement.js';
export * from './proportional-share.js';
export * from './split-allocation.js';
export * from './retime-plan.js';
export * from './change-interval.js';
export * from './plan-evaluation.js';
export * from './proposal-rule.js';
export * from './suggestion.js';
export * from './optimise-intersection.js';
export * from './contiguous-segmentation.js';
export * from './time-of-day.js';
export * from './corridor/phase-timeline.js';
export * from './corridor/circular-arcs.js';
export * from './corridor/bandwidth.js';
export * from './corridor/green-band.js';
export * from './corridor/common-cycle.js';
export * from './corridor/corridor-geometry.js';
export * from './corridor/time-space.js';
export * from './corridor/optimise-corridor.js';
export * from './corridor/corridor-priority.js';
export * from './corridor/corridor-suggestion.js';
export * from './measured-demand.js';
export * from './plan-diff.js';
export * from './plan-export.js';
export * from './flag-groups.js';
