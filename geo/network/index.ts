export * from './network.schema.js';
export * from './fault.js';
export * from './lanes.js';
export * from './plan-rules.js';
export * from './network-rules.js';
export * from './load-network.js';
export * from './network-index.js';
export * from './network-geojson.js';
