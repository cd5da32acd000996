export * from './run-migration.js';
export * from './process-file.js';
export * from './summary.js';
export { describeProblem } from './verify-fixes.js';
