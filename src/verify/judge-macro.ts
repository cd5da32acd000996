/**
 * Judge a changed `#define` body: tree-sitter leaves a macro's replacement
 * text unparsed, so both bodies are parsed as the body of a function (the
 * way the rules read them, src/engine/parse/normalise/macro-body.ts; indices are
 * the file's) and compared like a function. The macro's parameters are free
 * names, the same on both sides.
 */
import type { Tree } from '../core/syntax.js';
import { mirrorTree, type AstNode } from './model/ast.js';
import type { ApiSemantics } from './model/apis/api-model.js';
import { Canon } from './model/canon.js';
import { judgeFunction, type Judgement } from './model/judge-function.js';

/** Parse the body [bodyStart, bodyEnd) of the #define at directiveStart as a function body; node text reads `text`. */
export type MacroBodyParser = (text: string, directiveStart: number, bodyStart: number, bodyEnd: number) => Tree | undefined;

export function isMacroDefinition(n: AstNode): boolean {
  return n.type === 'preproc_def' || n.type === 'preproc_function_def';
}

export function macroName(n: AstNode): string | undefined {
  return isMacroDefinition(n) ? n.childForFieldName('name')?.text : undefined;
}

/** The function wrapping the body of `define`, from the body parse; undefined when it does not parse cleanly. */
function bodyFunction(define: AstNode, text: string, parse: MacroBodyParser): AstNode | undefined {
  const body = define.childForFieldName('value');
  if (!body) return undefined;
  const tree = parse(text, define.startIndex, body.startIndex, body.endIndex);
  if (!tree) return undefined;
  const root = mirrorTree(tree.rootNode, text);
  const fn = root.namedChildren.find((c) => c.type === 'function_definition' && c.startIndex <= body.startIndex && c.endIndex >= body.endIndex);
  return fn && !fn.hasError ? fn : undefined;
}

export function judgeMacro(
  oldDefine: AstNode,
  oldText: string,
  newDefine: AstNode,
  newText: string,
  parse: MacroBodyParser,
  callModels?: ReadonlyMap<string, ApiSemantics>,
): Judgement {
  const none = { old: 0, new: 0 };
  const line = newDefine.startPosition.row + 1;
  const name = macroName(newDefine) ?? '';
  if (oldDefine.type !== newDefine.type || (oldDefine.childForFieldName('parameters')?.text ?? '') !== (newDefine.childForFieldName('parameters')?.text ?? '')) {
    return { verdict: 'unjudged', violations: [], unjudged: { reason: 'signature-changed', message: `the parameters of the macro ${name} changed`, line }, paths: none };
  }
  const oldFn = bodyFunction(oldDefine, oldText, parse);
  const newFn = bodyFunction(newDefine, newText, parse);
  if (!oldFn || !newFn) {
    return { verdict: 'unjudged', violations: [], unjudged: { reason: 'parse-error', message: `the ${oldFn ? 'new' : 'old'} body of the macro ${name} does not parse as statements or an expression`, line }, paths: none };
  }
  return judgeFunction(oldFn, newFn, { canon: new Canon(), ...(callModels ? { callModels } : {}) });
}
