export * from './plan-file.js';
export * from './report-only.js';
