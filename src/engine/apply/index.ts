export { applyFixes, assertFixWellFormed, mapBack, mapForward, type ApplyResult } from './apply-fixes.js';
