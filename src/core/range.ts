/** Half-open range of UTF-16 indices into a file's text (the units tree-sitter's binding and JS strings use). */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** 1-based line and column (column counted in UTF-16 units from the line start). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Overlapping, or touching end to start (two edits at one point are ambiguous in order). */
export function rangesOverlapOrTouch(a: Range, b: Range): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** Line-start index table for converting indices to positions. */
export class LineIndex {
  private readonly starts: number[];
  constructor(text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  /** 0-based line number containing `index`. */
  lineOf(index: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.starts[line] ?? 0;
  }

  positionOf(index: number): Position {
    const line = this.lineOf(index);
    return { line: line + 1, column: index - this.lineStart(line) + 1 };
  }
}
