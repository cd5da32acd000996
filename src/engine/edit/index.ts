export * from './call-rewrite.js';
export * from './layout.js';
