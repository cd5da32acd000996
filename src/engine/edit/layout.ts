/** Kernel line-layout facts: tab width 8, 100 columns (checkpatch's limit). */
export const TAB_WIDTH = 8;
export const MAX_COLUMNS = 100;

/** Visual width of `s` starting at visual column `col` (tabs expand to the next multiple of 8). */
export function visualWidth(s: string, col = 0): number {
  let c = col;
  for (const ch of s) c = ch === '\t' ? (Math.floor(c / TAB_WIDTH) + 1) * TAB_WIDTH : c + 1;
  return c - col;
}

/** Indentation reaching visual column `col`: tabs, then spaces (what checkpatch expects). */
export function indentTo(col: number): string {
  return '\t'.repeat(Math.floor(col / TAB_WIDTH)) + ' '.repeat(col % TAB_WIDTH);
}

export function lineStartIndex(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

export function lineEndIndex(text: string, index: number): number {
  const nl = text.indexOf('\n', index);
  const end = nl === -1 ? text.length : nl;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

/** The leading whitespace of the line containing `index`. */
export function lineIndent(text: string, index: number): string {
  const start = lineStartIndex(text, index);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}
