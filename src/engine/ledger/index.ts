export * from './reasons.js';
export * from './site-ledger.js';
