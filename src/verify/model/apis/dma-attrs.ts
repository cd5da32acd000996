/** DMA attributes: the MMIO bit is a field of its own, the rest is compared as a set. */
import type { Canon } from '../canon.js';
import { idName, type Term } from '../term.js';

export function splitAttrs(canon: Canon, attrs: Term): { attrs: Term; mmio: boolean } {
  const parts = attrs.op === '|' ? attrs.args : [attrs];
  const mmio = parts.some((p) => idName(p) === 'DMA_ATTR_MMIO');
  return { attrs: canon.bitOr(...parts.filter((p) => idName(p) !== 'DMA_ATTR_MMIO')), mmio };
}
