export * from './run-migration.js';
export * from './process-file.js';
export * from './summary.js';
export * from './accounting.js';
export * from './process-batch.js';
