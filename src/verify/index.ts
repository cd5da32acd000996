export { tokenText } from './model/ast.js';
export { verifyChange, verifyTrees, type ChangeVerdict, type FunctionVerdict, type ChangeParser, type VerifyOptions } from './verify-change.js';
export type { MacroBodyParser } from './judge-macro.js';
export { REJECTION_REASONS, UNJUDGED_REASONS, type RejectionReason, type UnjudgedReason } from './model/reasons.js';
export type { Violation } from './model/compare-traces.js';
export type { Verdict } from './model/judge-function.js';
