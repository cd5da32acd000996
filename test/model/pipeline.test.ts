/**
 * The behaviour model in the rewrite pipeline: a rule that makes a mistake
 * gets its rewrite withdrawn (not written, not in the diff), reported with
 * the rule, the path and the broken contract, and the run exits 3.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineRule, type Rule, type RuleContext } from '../../src/core/rule.js';
import { EXIT } from '../../src/core/exit-codes.js';
import { parseKernelVersion } from '../../src/core/target.js';
import { exitStatusOf } from '../../src/cli/exit-status.js';
import { runMigration } from '../../src/engine/pipeline/index.js';
import { RULES } from '../../src/rules/index.js';

const real = RULES.find((r) => r.meta.id === 'dma-map-page-to-phys')!;

/** The real rule's metadata and query, with a transform that writes the given replacement for each map call. */
function buggy(replace: (args: string[]) => string): Rule {
  return defineRule({
    meta: real.meta,
    check(ctx: RuleContext) {
      for (const m of ctx.matches) {
        const call = m.get('call')!;
        const args = m.get('args')!.namedChildren.map((a) => a.text);
        if (m.api.text !== 'dma_map_page') {
          ctx.report({ api: m.api.text, at: m.api, status: 'review', reason: 'unexpected-arguments' });
          continue;
        }
        const fixId = ctx.addFix([{ range: { start: call.startIndex, end: call.endIndex }, text: replace(args) }]);
        ctx.report({ api: m.api.text, at: m.api, status: 'convert', reason: 'page-to-phys', fixId });
      }
    },
  });
}

const SRC = `// SPDX-License-Identifier: GPL-2.0
#include <linux/dma-mapping.h>

static int rx_map(struct device *dev, struct rx_buf *buf)
{
	buf->dma = dma_map_page(dev, buf->page, buf->off, buf->len, DMA_FROM_DEVICE);
	if (dma_mapping_error(dev, buf->dma))
		return -ENOMEM;
	return 0;
}
`;

async function run(rule: Rule, text: string, noVerify = false) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-model-'));
  const file = path.join(dir, 'drv.c');
  writeFileSync(file, text);
  const result = await runMigration({ paths: [file], mode: 'rewrite', root: dir, ruleSet: [rule], targetVersion: parseKernelVersion('6.18')!, noVerify });
  return { result, file: result.files.find((f) => f.path === 'drv.c')! };
}

describe('the behaviour model in rewrite', () => {
  it('withdraws a rewrite that drops the offset, reports rule, contract and path, and exits 3', async () => {
    const dropOffset = buggy(([dev, page, , size, dir]) => `dma_map_phys(${dev}, page_to_phys(${page}), ${size}, ${dir}, 0)`);
    const { result, file } = await run(dropOffset, SRC);
    expect(file.output).toBeUndefined();
    const f = file.findings.find((x) => x.api === 'dma_map_page')!;
    expect(f.status).toBe('review');
    expect(f.reason).toBe('model-rejected');
    expect(f.message).toContain('dma-map-page-to-phys');
    expect(f.message).toContain('offset-dropped at line 6');
    expect(f.message).toContain('path: lines 6');
    expect(file.model?.problems[0]).toMatchObject({ function: 'rx_map', verdict: 'rejected', reason: 'offset-dropped', line: 6 });
    expect(result.summary.model.fixes).toMatchObject({ accepted: 0, rejected: 1 });
    expect(exitStatusOf(result, 'rewrite')).toBe(EXIT.verification);
  });

  it('writes the same mistake when the model is off (so the model is what stops it)', async () => {
    const dropOffset = buggy(([dev, page, , size, dir]) => `dma_map_phys(${dev}, page_to_phys(${page}), ${size}, ${dir}, 0)`);
    const { file } = await run(dropOffset, SRC, true);
    expect(file.output).toContain('dma_map_phys(dev, page_to_phys(buf->page), buf->len');
  });

  it('keeps a correct rewrite and counts it as accepted', async () => {
    const right = buggy(([dev, page, off, size, dir]) => `dma_map_phys(${dev}, page_to_phys(${page}) + ${off}, ${size}, ${dir}, 0)`);
    const { result, file } = await run(right, SRC);
    expect(file.output).toContain('page_to_phys(buf->page) + buf->off');
    expect(result.summary.model.fixes).toMatchObject({ accepted: 1, rejected: 0, unjudged: 0 });
    expect(exitStatusOf(result, 'rewrite')).toBe(EXIT.ok);
  });

  it('does not apply a rewrite to an API without a model entry, and says it could not judge it', async () => {
    const unknown = buggy(([dev, page, off, size, dir]) => `my_map(${dev}, page_to_phys(${page}) + ${off}, ${size}, ${dir})`);
    const { result, file } = await run(unknown, SRC);
    expect(file.output).toBeUndefined();
    expect(file.findings[0]).toMatchObject({ status: 'review', reason: 'model-unjudged' });
    expect(file.findings[0]!.message).toContain('my_map()');
    expect(result.summary.model.unjudgedByReason).toEqual({ 'no-model': 1 });
    expect(exitStatusOf(result, 'rewrite')).toBe(EXIT.findings);
  });

  it('judges a rewrite inside a #define body like one in a function', async () => {
    const macro = `// SPDX-License-Identifier: GPL-2.0
#include <linux/dma-mapping.h>

#define RX_MAP(d, b) dma_map_page(d, (b)->page, (b)->off, (b)->len, DMA_FROM_DEVICE)

static void rx_fill(struct device *dev, struct rx_buf *buf)
{
	buf->dma = RX_MAP(dev, buf);
}
`;
    const dropOffset = buggy(([dev, page, , size, dir]) => `dma_map_phys(${dev}, page_to_phys(${page}), ${size}, ${dir}, 0)`);
    const wrong = await run(dropOffset, macro);
    expect(wrong.file.output).toBeUndefined();
    expect(wrong.file.findings[0]).toMatchObject({ line: 4, status: 'review', reason: 'model-rejected' });
    expect(wrong.file.model?.problems[0]).toMatchObject({ function: '#define RX_MAP', verdict: 'rejected', reason: 'offset-dropped', line: 4 });
    expect(wrong.file.findings[0]!.message).toContain('rejected the rewrite of #define RX_MAP by dma-map-page-to-phys: offset-dropped at line 4');
    const right = buggy(([dev, page, off, size, dir]) => `dma_map_phys(${dev}, page_to_phys(${page}) + ${off}, ${size}, ${dir}, 0)`);
    const kept = await run(right, macro);
    expect(kept.file.output).toContain('#define RX_MAP(d, b) dma_map_phys(d, page_to_phys((b)->page) + (b)->off, (b)->len, DMA_FROM_DEVICE, 0)');
    expect(kept.result.summary.model.fixes).toMatchObject({ accepted: 1, rejected: 0, unjudged: 0 });
  });

  it('withdraws each rejected or unjudged function with its own problem, keeping the accepted ones between them', async () => {
    const fn = (name: string, off: string) => SRC.split('\n').slice(3).join('\n').replace('rx_map', name).replace('buf->off', off);
    const text = SRC.split('\n').slice(0, 3).join('\n') + '\n' + ['rx_a', 'rx_b', 'rx_c', 'rx_d'].map((n) => fn(n, `${n}_off`)).join('\n');
    // Not all-or-nothing here, so the accepted rewrites stay: each function is withdrawn for its own reason.
    const perFunction = defineRule({
      meta: { ...real.meta, allOrNothingPerFile: false },
      check(ctx: RuleContext) {
        for (const m of ctx.matches) {
          const call = m.get('call')!;
          const [dev, page, off, size, dir] = m.get('args')!.namedChildren.map((a) => a.text);
          if (m.api.text !== 'dma_map_page') continue;
          const text = off === 'rx_a_off' ? `dma_map_phys(${dev}, page_to_phys(${page}), ${size}, ${dir}, 0)` : off === 'rx_c_off' ? `my_map(${dev}, ${page}, ${off}, ${size}, ${dir})` : `dma_map_phys(${dev}, page_to_phys(${page}) + ${off}, ${size}, ${dir}, 0)`;
          const fixId = ctx.addFix([{ range: { start: call.startIndex, end: call.endIndex }, text }]);
          ctx.report({ api: m.api.text, at: m.api, status: 'convert', reason: 'page-to-phys', fixId });
        }
      },
    });
    const { result, file } = await run(perFunction, text);
    const maps = file.findings.filter((f) => f.api === 'dma_map_page');
    expect(maps.map((f) => f.reason)).toEqual(['model-rejected', 'page-to-phys', 'model-unjudged', 'page-to-phys']);
    expect(maps[0]!.message).toContain('rewrite of rx_a()');
    expect(maps[0]!.message).toContain('offset-dropped');
    expect(maps[2]!.message).toContain('rewrite of rx_c()');
    expect(maps[2]!.message).toContain('my_map()');
    expect(file.model?.problems.map((p) => [p.function, p.verdict])).toEqual([
      ['rx_a', 'rejected'],
      ['rx_c', 'unjudged'],
    ]);
    expect(file.output).toContain('page_to_phys(buf->page) + rx_b_off');
    expect(file.output).toContain('page_to_phys(buf->page) + rx_d_off');
    expect(file.output).not.toContain('my_map');
    expect(result.summary.model.fixes).toMatchObject({ accepted: 2, rejected: 1, unjudged: 1 });
  });

  it('withdraws the other sites of an all-or-nothing rule in the file', async () => {
    const two = SRC + SRC.replace(/rx_map/g, 'tx_map').replace('buf->off', '0').split('\n').slice(2).join('\n');
    // The second function maps at offset 0, where dropping the offset is harmless; the first is wrong.
    const dropOffset = buggy(([dev, page, , size, dir]) => `dma_map_phys(${dev}, page_to_phys(${page}), ${size}, ${dir}, 0)`);
    const { result, file } = await run(dropOffset, two);
    expect(file.output).toBeUndefined();
    expect(file.findings.map((f) => f.reason)).toEqual(['model-rejected', 'partner-site-refused']);
    expect(result.summary.model.fixes).toMatchObject({ rejected: 1, partner: 1, accepted: 0 });
  });
});
