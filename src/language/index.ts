export * from './issues.js';
export * from './schema.js';
export * from './parse.js';
export * from './model.js';
