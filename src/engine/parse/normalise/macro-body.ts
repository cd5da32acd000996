/**
 * A `#define` body as C: tree-sitter leaves a macro's replacement text
 * unparsed (`preproc_arg`). To read the calls in it, build a text of the
 * file's length where everything but the body is blank (line breaks kept), `int f(){` stands in
 * the blanked `#define NAME(params) ` before it and `;}` right after it, and
 * line-continuation backslashes are blanks. Indices stay those of the file,
 * so a rule's edits in the body apply to the original text.
 */
export interface MacroBodyText {
  readonly text: string;
}

const OPEN = 'int f(){';
const CLOSE = ';}';

/**
 * `directiveStart`: index of the `#`; `bodyStart`/`bodyEnd`: the replacement
 * text. Undefined when there is no room for the wrapper (a very short
 * `#define` line, or the body ends the file).
 */
export function macroBodyAsFunction(text: string, directiveStart: number, bodyStart: number, bodyEnd: number): MacroBodyText | undefined {
  if (bodyStart - directiveStart < OPEN.length + 1 || bodyEnd + CLOSE.length > text.length) return undefined;
  const body = text.slice(bodyStart, bodyEnd).replace(/\\(?=\r?\n)/g, ' ');
  // Blanks keep the line breaks, so node rows are the file's lines too.
  const blank = (from: number, to: number) => text.slice(from, to).replace(/[^\r\n]/g, ' ');
  const out =
    blank(0, directiveStart) +
    OPEN +
    blank(directiveStart + OPEN.length, bodyStart) +
    body +
    CLOSE +
    blank(bodyEnd + CLOSE.length, text.length);
  return { text: out };
}
