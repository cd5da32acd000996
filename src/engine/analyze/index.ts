export * from './syntax.js';
export * from './parse-errors.js';
