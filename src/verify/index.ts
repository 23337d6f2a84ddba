export * from './finding.js';
export * from './engine.js';
export * from './report.js';
export { kinds, kindParamSchemas } from './kinds/registry.js';
export { PlaceError, placeSpecOf, type GeoResolver } from './context.js';
export { differences, differencesText, verdictLabel } from './differences.js';
