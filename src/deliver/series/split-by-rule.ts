/**
 * A file changed by several rules goes into one patch per rule, each applying
 * on the previous: stage i is the original with the fixes of the first i
 * rules applied. This is exact when every applied fix is in the original's
 * coordinates (all applied in the first pass); otherwise the file's whole
 * change stays in one patch, under its first rule, and says so.
 */
import type { FileOutcome } from '../../core/outcome.js';
import type { Fix } from '../../core/types.js';
import { applyFixes } from '../../engine/apply/index.js';

export interface RuleStage {
  readonly ruleId: string;
  readonly before: string;
  readonly after: string;
  readonly fixes: readonly Fix[];
  /** Other rules whose changes this stage carries (when the split was not exact). */
  readonly alsoRules: readonly string[];
}

export function splitByRule(outcome: FileOutcome, ruleOrder: readonly string[]): RuleStage[] {
  const original = outcome.original;
  const output = outcome.output;
  if (original === undefined || output === undefined) return [];
  const present = ruleOrder.filter((r) => outcome.applied.some((f) => f.ruleId === r));
  if (present.length <= 1) {
    return [{ ruleId: present[0] ?? outcome.applied[0]?.ruleId ?? 'unknown', before: original, after: output, fixes: outcome.applied, alsoRules: [] }];
  }
  const stages: RuleStage[] = [];
  let before = original;
  for (let i = 0; i < present.length; i++) {
    const upTo = new Set(present.slice(0, i + 1));
    const result = applyFixes(original, outcome.applied.filter((f) => upTo.has(f.ruleId)));
    const mine = outcome.applied.filter((f) => f.ruleId === present[i]);
    if (result.applied.length !== outcome.applied.filter((f) => upTo.has(f.ruleId)).length) break;
    stages.push({ ruleId: present[i]!, before, after: result.text, fixes: mine, alsoRules: [] });
    before = result.text;
  }
  if (stages.length === present.length && before === output) return stages;
  return [{ ruleId: present[0]!, before: original, after: output, fixes: outcome.applied, alsoRules: present.slice(1) }];
}
