/**
 * `npm run corpus:update`: write each case's after.c from the current rules
 * (and delete it when the case no longer changes). Review the diff in git,
 * as with `sg test -u`; the harness then holds the rules to it.
 * Usage: npm run corpus:update [-- <rule>[/<case>] ...]
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCorpus } from '../harness/corpus.js';
import { runOnText } from '../harness/run-case.js';

const filters = process.argv.slice(2);
let changed = 0;
for (const c of loadCorpus()) {
  const id = `${c.rule}/${c.name}`;
  if (filters.length > 0 && !filters.some((f) => id === f || c.rule === f)) continue;
  const rules = c.options.rules ?? (c.rule === '_combined' ? [] : [c.rule]);
  const { output } = await runOnText(c.before, rules, c.options);
  const afterPath = path.join(c.dir, 'after.c');
  if (output === c.before) {
    if (existsSync(afterPath)) {
      rmSync(afterPath);
      console.log(`${id}: unchanged now, after.c removed`);
      changed++;
    }
  } else if (output !== c.after) {
    writeFileSync(afterPath, output);
    console.log(`${id}: after.c ${c.after === undefined ? 'written' : 'updated'}`);
    changed++;
  }
}
console.log(`${changed} case(s) updated`);
