/**
 * Keeps each rule's parallel files in step (ESLint's checkRuleFiles): every
 * folder in src/rules is registered, has a query, a README with the required
 * headings whose before/after example the rule really produces, and reason
 * codes documented in its README.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_REASONS } from '../src/engine/ledger/index.js';
import { RULES } from '../src/rules/index.js';
import { REPO_ROOT } from './harness/corpus.js';
import { runOnText } from './harness/run-case.js';

const RULES_DIR = path.join(REPO_ROOT, 'src', 'rules');
const HEADINGS = ['## Summary', '## Before/After', '## Rationale', '## When it does not apply', '## Confidence', '## References'];

describe('rule inventory', () => {
  const folders = readdirSync(RULES_DIR).filter((n) => !n.startsWith('_') && statSync(path.join(RULES_DIR, n)).isDirectory()).sort();

  it('registers every rule folder, sorted, with ids equal to folder names', () => {
    expect(RULES.map((r) => r.meta.id)).toEqual(folders);
  });

  for (const id of folders) {
    describe(id, () => {
      const readme = readFileSync(path.join(RULES_DIR, id, 'README.md'), 'utf8');
      const rule = RULES.find((r) => r.meta.id === id)!;
      it('has its query and the README headings in order', () => {
        expect(existsSync(path.join(REPO_ROOT, 'queries', `${id}.scm`))).toBe(true);
        expect(readme.startsWith(`# ${id}\n`)).toBe(true);
        const positions = HEADINGS.map((h) => readme.indexOf(`\n${h}\n`));
        expect(positions.every((p) => p > 0)).toBe(true);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      });
      it('documents every reason code it can report', () => {
        for (const reason of Object.keys(rule.meta.reasons)) {
          if (reason in ENGINE_REASONS) continue;
          if (rule.meta.reasons[reason]!.startsWith('converted')) continue;
          expect(readme, `reason ${reason}`).toContain(`\`${reason}\``);
        }
      });
      it('produces its README before/after example', async () => {
        // A fence `c before policy=all` shows what --policy all does (the rule converts nothing upstream-style).
        const fence = /```c before( policy=all)?\n([\s\S]*?)```/.exec(readme);
        const before = fence?.[2];
        const after = /```c after\n([\s\S]*?)```/.exec(readme)?.[1];
        expect(before && after).toBeTruthy();
        const { output } = await runOnText(before!, [id], fence?.[1] ? { policy: 'all' } : {});
        expect(output).toBe(after);
      });
    });
  }
});
