export * from './load-rules.js';
export * from './match-rules.js';
export * from './classify-occurrence.js';
export * from './match-views.js';
