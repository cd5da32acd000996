/** The significant (non-comment) tokens of a file, with bracket matching and brace depth. */
import { Tok, type Tokens } from './lexer.js';

export class TokenView {
  readonly sig: Int32Array;
  private readonly match: Int32Array;
  /** Number of `{` enclosing each token. */
  readonly depth: Int32Array;
  /** For each token, whether its innermost `{` opens a struct/union body (1) or not (0). */
  readonly inRecord: Uint8Array;
  /** For each token, whether its innermost open bracket is `(`, `[`, or an initializer/enum `{` (1). */
  readonly inExpression: Uint8Array;

  constructor(
    readonly source: string,
    private readonly toks: Tokens,
  ) {
    let count = 0;
    for (let i = 0; i < toks.count; i++) if (toks.kind[i] !== Tok.Comment) count++;
    this.sig = new Int32Array(count);
    for (let i = 0, j = 0; i < toks.count; i++) if (toks.kind[i] !== Tok.Comment) this.sig[j++] = i;
    this.match = new Int32Array(count).fill(-1);
    this.depth = new Int32Array(count);
    this.inRecord = new Uint8Array(count);
    const stack: number[] = [];
    this.inExpression = new Uint8Array(count);
    const braces: number[] = []; // 1 = record body
    const contexts: number[] = []; // per open bracket: 1 = expression context
    for (let j = 0; j < count; j++) {
      this.depth[j] = braces.length;
      this.inRecord[j] = braces[braces.length - 1] ?? 0;
      this.inExpression[j] = contexts[contexts.length - 1] ?? 0;
      if (this.kind(j) !== Tok.Punct) continue;
      const b = source.charCodeAt(this.start(j));
      if (b === 40 || b === 91) contexts.push(1);
      else if (b === 123) contexts.push(this.opensInitializer(j, contexts[contexts.length - 1] ?? 0) ? 1 : 0);
      else if ((b === 41 || b === 93 || b === 125) && contexts.length > 0) contexts.pop();
      if (b === 123) braces.push(this.opensRecord(j) ? 1 : 0);
      else if (b === 125 && braces.length > 0) {
        braces.pop();
        this.depth[j] = braces.length;
      }
      const c = source.charCodeAt(this.start(j));
      if (c === 40 || c === 91 || c === 123) stack.push(j);
      else if (c === 41 || c === 93 || c === 125) {
        const want = c === 41 ? 40 : c === 93 ? 91 : 123;
        const top = stack[stack.length - 1];
        if (top !== undefined && source.charCodeAt(this.start(top)) === want) {
          stack.pop();
          this.match[top] = j;
        }
      }
    }
  }

  /** `= {`, `, {`, `enum x {`: the brace at j opens an initializer list or an enum body. */
  private opensInitializer(j: number, outer: number): boolean {
    const prev = this.kind(j - 1) === Tok.Punct || this.kind(j - 1) === Tok.Ident ? this.text(j - 1) : '';
    if (prev === '=' || prev === ',' || prev === '(' || prev === '[' || prev === 'return' || prev === 'enum') return true;
    if (prev === '{') return outer === 1;
    return this.kind(j - 1) === Tok.Ident && this.text(j - 2) === 'enum';
  }

  /** `struct x {`, `union {`: the brace at j opens a record body. */
  private opensRecord(j: number): boolean {
    const w1 = this.kind(j - 1) === Tok.Ident ? this.text(j - 1) : '';
    if (w1 === 'struct' || w1 === 'union') return true;
    const w2 = this.kind(j - 2) === Tok.Ident ? this.text(j - 2) : '';
    return this.kind(j - 1) === Tok.Ident && (w2 === 'struct' || w2 === 'union');
  }

  kind(j: number): Tok | 0 {
    return j >= 0 && j < this.sig.length ? (this.toks.kind[this.sig[j]!] as Tok) : 0;
  }
  start(j: number): number {
    return this.toks.start[this.sig[j]!]!;
  }
  end(j: number): number {
    return this.toks.end[this.sig[j]!]!;
  }
  text(j: number): string {
    return j >= 0 && j < this.sig.length ? this.source.slice(this.start(j), this.end(j)) : '';
  }
  /** Is token j the punctuation `p` (single char; `>` also matches `->`'s second half)? */
  is(j: number, p: string): boolean {
    if (j < 0 || j >= this.sig.length || this.kind(j) !== Tok.Punct) return false;
    if (p === '>') return this.source[this.start(j)] === '>' && this.source[this.start(j) - 1] === '-';
    return this.source.slice(this.start(j), this.end(j)) === p;
  }
  /** The matching closer of the bracket at j, or -1. */
  closer(j: number): number {
    return this.match[j] ?? -1;
  }
  /** Commas at depth 0 between open and close. */
  topLevelCommas(open: number, close: number): number[] {
    const out: number[] = [];
    for (let k = open + 1; k < close; k++) {
      const m = this.match[k]!;
      if (m !== -1) {
        k = m;
        continue;
      }
      if (this.is(k, ',')) out.push(k);
    }
    return out;
  }
}
