/**
 * Kernel line-layout facts: tab width 8, 100 columns (checkpatch's limit),
 * and the habits a file shows (does it keep to 80 columns; are continuation
 * lines aligned under the open parenthesis). Regexes here only read.
 */
export const TAB_WIDTH = 8;
export const MAX_COLUMNS = 100;
/** The traditional limit many files still keep to. */
export const CLASSIC_COLUMNS = 80;

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

/** What a file's own lines say about how it is laid out. */
export interface FileLayout {
  /** 80 when the file keeps to 80 columns, else 100. */
  readonly limit: number;
  /**
   * Continuation lines of a wrapped call: aligned under the open
   * parenthesis (the kernel's default), or indented one more tab than the
   * line that opened the call.
   */
  readonly continuation: 'align' | 'tab';
  /**
   * Tabs past the statement's indentation a continuation line takes when it
   * is not aligned (1 or 2, whichever the file's unaligned continuations use
   * more; 1 when it has none).
   */
  readonly tabDepth: 1 | 2;
}

/**
 * Lines wider than 80 columns a file may hold and still "keep to 80": one
 * in a hundred, and never a line that is not a string literal or comment
 * past 100 (user-visible strings are never broken, so checkpatch allows them).
 */
const OVER_80_SHARE = 0.01;

let cached: { text: string; layout: FileLayout } | undefined;

/** The file's column habit and continuation style, learned from its text (cached for the last text). */
export function fileLayout(text: string): FileLayout {
  if (cached?.text === text) return cached.layout;
  const layout = learnLayout(text);
  cached = { text, layout };
  return layout;
}

function learnLayout(text: string): FileLayout {
  const lines = text.split('\n');
  let code = 0;
  let over80 = 0;
  let over100 = 0;
  let aligned = 0;
  let tabbed = 0;
  let twoTabs = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    code++;
    const w = visualWidth(line);
    // Lines that hold a string literal may pass the limit by necessity.
    if (w > CLASSIC_COLUMNS && !line.includes('"')) over80++;
    if (w > MAX_COLUMNS && !line.includes('"')) over100++;
    const next = lines[i + 1];
    if (next === undefined || !/,[ \t]*$/.test(line)) continue;
    const open = lastUnclosedParen(line);
    if (open === -1) continue;
    const nextIndent = /^[ \t]*/.exec(next)![0];
    if (nextIndent.length === next.length) continue;
    const col = visualWidth(nextIndent);
    const parenCol = visualWidth(line.slice(0, open + 1));
    const lineIndentCol = visualWidth(/^[ \t]*/.exec(line)![0]);
    if (col === parenCol) aligned++;
    else if (col === lineIndentCol + TAB_WIDTH) tabbed++;
    else if (col === lineIndentCol + 2 * TAB_WIDTH) {
      tabbed++;
      twoTabs++;
    }
  }
  const keeps80 = over100 === 0 && over80 <= Math.max(0, Math.floor(code * OVER_80_SHARE));
  return { limit: keeps80 ? CLASSIC_COLUMNS : MAX_COLUMNS, continuation: tabbed > aligned ? 'tab' : 'align', tabDepth: twoTabs * 2 > tabbed ? 2 : 1 };
}

/** Index of the last "(" on the line not closed on it (strings and char literals skipped), or -1. */
export function lastUnclosedParen(line: string): number {
  const stack: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"' || ch === "'") {
      const close = line.indexOf(ch, i + 1);
      if (close === -1) return -1;
      i = close;
    } else if (ch === '/' && (line[i + 1] === '/' || line[i + 1] === '*')) break;
    else if (ch === '(') stack.push(i);
    else if (ch === ')') stack.pop();
  }
  return stack.length > 0 ? stack[stack.length - 1]! : -1;
}
