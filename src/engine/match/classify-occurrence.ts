/**
 * Classify a whole-word occurrence of an API identifier that no rule query
 * matched: a comment, a string, a declaration, a #define body, a field name,
 * another identifier that shares the name, or a use of the API as a value.
 */
import { parentOf, siblingOf } from '../../core/tree/ancestry.js';
import type { SyntaxNode } from '../../core/syntax.js';
import type { OccurrenceClass } from '../../core/types.js';

export interface Classification {
  readonly class: OccurrenceClass;
  /** not-a-call: comment | string | declaration | define-name | field | member-declaration | local-name | preprocessor | type-name | other; site: call | value. */
  readonly detail: string;
}

const STRINGISH = new Set(['string_literal', 'char_literal', 'string_content', 'system_lib_string', 'concatenated_string', 'escape_sequence', 'raw_string_literal']);

export function classifyOccurrence(root: SyntaxNode, start: number, end: number): Classification {
  const node = root.descendantForIndex(start, end);
  if (node.type === 'comment') return { class: 'not-a-call', detail: 'comment' };
  for (let p: SyntaxNode | null = node; p; p = parentOf(p)) {
    if (STRINGISH.has(p.type)) return { class: 'not-a-call', detail: 'string' };
    if (p.type === 'preproc_arg') {
      // A #define body; other directives (#undef, #pragma, #error) only name things.
      const directive = parentOf(p)?.type;
      if (directive === 'preproc_def' || directive === 'preproc_function_def') return { class: 'inside-macro-body', detail: 'macro-body' };
      return { class: 'not-a-call', detail: 'preprocessor' };
    }
    if (p.type === 'ERROR') return { class: 'parse-error', detail: looksLikeCall(node) ? 'call' : 'other' };
    // An ERROR above the enclosing function does not reach into it (damage is isolated per function).
    if (p.type === 'function_definition') break;
  }
  if (node.startIndex !== start || node.endIndex !== end) {
    // The identifier is part of a larger token (e.g. a preprocessor line or an unparsed fragment).
    if (node.type === 'preproc_include' || node.type.startsWith('preproc')) return { class: 'not-a-call', detail: 'preprocessor' };
    return { class: 'parse-error', detail: 'token' };
  }
  const parent = parentOf(node);
  switch (node.type) {
    case 'field_identifier':
      if (parent && (parent.type === 'field_declaration' || closestType(node, 'field_declaration'))) {
        return { class: 'not-a-call', detail: 'member-declaration' };
      }
      return { class: 'not-a-call', detail: 'field' };
    case 'type_identifier':
      return { class: 'not-a-call', detail: 'type-name' };
    case 'statement_identifier':
      return { class: 'not-a-call', detail: 'label' };
    case 'identifier':
      break;
    default:
      return { class: 'not-a-call', detail: 'other' };
  }
  if (!parent) return { class: 'not-a-call', detail: 'other' };
  if ((parent.type === 'preproc_def' || parent.type === 'preproc_function_def') && parent.childForFieldName('name')?.id === node.id) {
    return { class: 'not-a-call', detail: 'define-name' };
  }
  if (parent.type === 'preproc_params' || parent.type.startsWith('preproc')) return { class: 'not-a-call', detail: 'preprocessor' };
  if (parent.type === 'function_declarator' && parent.childForFieldName('declarator')?.id === node.id) {
    return { class: 'not-a-call', detail: 'declaration' };
  }
  if (isDeclaratorName(node)) return { class: 'not-a-call', detail: 'local-name' };
  if (declaredLocally(node)) return { class: 'not-a-call', detail: 'local-name' };
  if (parent.type === 'call_expression' && parent.childForFieldName('function')?.id === node.id) return { class: 'site', detail: 'call' };
  if (isFileScopeMacroArgument(node)) return { class: 'not-a-call', detail: 'macro-argument' };
  return { class: 'site', detail: 'value' };
}

/**
 * An argument of an upper-case macro invoked outside any function, such as
 * DEFINE_EVENT(dma_map, dma_map_page, ...) in a tracepoint header: a name,
 * not a use of the API.
 */
function isFileScopeMacroArgument(node: SyntaxNode): boolean {
  const list = parentOf(node);
  const call = list?.type === 'argument_list' ? parentOf(list) : null;
  if (!call || call.type !== 'call_expression') return false;
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier' || !/^[A-Z][A-Z0-9_]*$/.test(callee.text)) return false;
  for (let p = parentOf(call); p; p = parentOf(p)) if (p.type === 'function_definition') return false;
  return true;
}

function looksLikeCall(node: SyntaxNode): boolean {
  const next = siblingOf(node, 1, false);
  const parent = parentOf(node);
  return (parent?.type === 'call_expression' && parent.childForFieldName('function')?.id === node.id) || next?.type === '(' || next?.type === 'argument_list';
}

function closestType(node: SyntaxNode, type: string): SyntaxNode | undefined {
  for (let p = parentOf(node); p; p = parentOf(p)) if (p.type === type) return p;
  return undefined;
}

/** The name being declared by a variable or parameter declarator (not a function). */
function isDeclaratorName(node: SyntaxNode): boolean {
  let child: SyntaxNode = node;
  for (let p = parentOf(node); p; child = p, p = parentOf(p)) {
    switch (p.type) {
      case 'pointer_declarator':
      case 'array_declarator':
      case 'parenthesized_declarator':
      case 'attributed_declarator':
        if (p.childForFieldName('declarator')?.id !== child.id) return false;
        continue;
      case 'init_declarator':
        return p.childForFieldName('declarator')?.id === child.id;
      case 'declaration':
      case 'parameter_declaration':
        return p.childForFieldName('declarator')?.id === child.id || p.childrenForFieldName('declarator').some((d) => d.id === child.id);
      default:
        return false;
    }
  }
  return false;
}

/** An identifier use that refers to a parameter or local of the enclosing function with the same name. */
function declaredLocally(node: SyntaxNode): boolean {
  let fn: SyntaxNode | null = parentOf(node);
  while (fn && fn.type !== 'function_definition') fn = parentOf(fn);
  if (!fn) return false;
  const name = node.text;
  const decls = [...fn.descendantsOfType('parameter_declaration'), ...fn.descendantsOfType('declaration')];
  return decls.some((d) => d.descendantsOfType('identifier').some((id) => id.text === name && id.id !== node.id && isDeclaratorName(id)));
}
