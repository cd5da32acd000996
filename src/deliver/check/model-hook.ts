/**
 * Where a behaviour model plugs into `check`: a validator judges a file's
 * change (pre-image → post-image) and reports broken contracts. `check`
 * keeps the violations that sit on lines the change adds.
 *
 * The model of issue 6 (src/verify/) plugs in by exporting a ChangeValidator
 * and passing it in `CheckOptions.validators` (src/cli/commands/check.ts
 * builds that list); nothing else changes.
 */

export interface ChangeUnderCheck {
  /** Path after the change, relative to the repository top. */
  readonly path: string;
  /** Path before the change, when it was renamed or copied. */
  readonly oldPath?: string;
  /** Text before the change (absent for a new file). */
  readonly before?: string;
  readonly after: string;
  /** 1-based lines of `after` that the change adds. */
  readonly addedLines: ReadonlySet<number>;
}

export interface ModelViolation {
  /** 1-based line in `after`; absent when the violation has no single line. */
  readonly line?: number;
  readonly column?: number;
  /** The contract broken, as a short code (e.g. `lifo-order`, `unmap-size`). */
  readonly contract: string;
  readonly message: string;
  /** The path through the function (line sequence) on which it breaks, when known. */
  readonly trace?: readonly number[];
}

export interface ChangeValidator {
  /** Names the model in reports (e.g. `dma-behaviour-model`). */
  readonly id: string;
  validate(change: ChangeUnderCheck): readonly ModelViolation[];
}
