export * from './run-migration.js';
export * from './process-file.js';
export * from './summary.js';
export { describeProblem } from './verify-fixes.js';
export * from './accounting.js';
export * from './process-batch.js';
