/**
 * May a function defined in this file keep a pointer argument beyond the
 * call: store it outside its locals, return it, or pass it to a function
 * that may? Used to decide whether handing a kmap() address to a helper lets
 * it leave the mapping thread (reference §3.6 rule 1). Functions not defined
 * in the file are unknown; the caller supplies what it knows about those.
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import { FunctionDefinitions } from '../syntax.js';
import { declaredIdentifier } from './events.js';
import { functionDeclarator, functionScope } from './locals.js';
import { describeLvalue } from './lvalues.js';

const MAX_DEPTH = 3;

export class RetentionOracle {
  private readonly memo = new Map<string, boolean>();
  private readonly definitions: FunctionDefinitions;

  constructor(
    root: SyntaxNode,
    /** Functions known not to keep pointers they are given (memcpy...). */
    private readonly nonRetaining: (name: string) => boolean,
  ) {
    this.definitions = new FunctionDefinitions(root);
  }

  /** true/false for a function defined in this file; undefined when it is not. */
  mayRetain(name: string, index: number, depth = 0): boolean | undefined {
    if (this.nonRetaining(name)) return false;
    const fn = this.definitions.get(name);
    if (!fn) return undefined;
    const key = `${name}/${index}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    if (depth >= MAX_DEPTH) return true;
    this.memo.set(key, true); // recursion: assume the worst until proven
    const result = this.analyze(fn, index, depth);
    this.memo.set(key, result);
    return result;
  }

  private analyze(fn: SyntaxNode, index: number, depth: number): boolean {
    const body = fn.childForFieldName('body');
    if (!body || body.hasError) return true;
    const params = (functionDeclarator(fn)?.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p.type === 'parameter_declaration' || p.type === 'variadic_parameter');
    const param = params[index];
    if (!param || param.type !== 'parameter_declaration') return true;
    const name = declaredIdentifier(param.childForFieldName('declarator'))?.text;
    if (!name) return true;
    const scope = functionScope(fn);
    const aliases = new Set([name]);
    const identifiers = body.descendantsOfType('identifier');
    for (let changed = true; changed; ) {
      changed = false;
      for (const id of identifiers) {
        if (!aliases.has(id.text)) continue;
        const use = this.classify(id, scope, depth);
        if (use === 'retained') return true;
        if (typeof use === 'object' && !aliases.has(use.alias)) {
          aliases.add(use.alias);
          changed = true;
        }
      }
    }
    return false;
  }

  private classify(id: SyntaxNode, scope: ReturnType<typeof functionScope>, depth: number): 'retained' | 'used' | { alias: string } {
    let n = id;
    // The value flows through parentheses, casts and pointer arithmetic unchanged in kind.
    while (
      n.parent &&
      (n.parent.type === 'parenthesized_expression' ||
        n.parent.type === 'cast_expression' ||
        (n.parent.type === 'binary_expression' && ['+', '-'].includes(n.parent.childForFieldName('operator')?.type ?? '')) ||
        n.parent.type === 'conditional_expression')
    ) {
      n = n.parent;
    }
    const p = n.parent;
    if (!p) return 'used';
    switch (p.type) {
      case 'return_statement':
        return 'retained';
      case 'assignment_expression': {
        if (p.childForFieldName('right')?.id !== n.id) return 'used';
        const lv = describeLvalue(p.childForFieldName('left')!, scope);
        return lv.kind === 'local' && lv.key ? { alias: lv.key } : 'retained';
      }
      case 'init_declarator': {
        if (p.childForFieldName('value')?.id !== n.id) return 'used';
        const target = declaredIdentifier(p.childForFieldName('declarator'))?.text;
        return target && scope.isAutomatic(target) ? { alias: target } : 'retained';
      }
      case 'initializer_list':
      case 'initializer_pair':
        return 'retained';
      case 'argument_list': {
        const call = p.parent;
        const callee = call?.childForFieldName('function');
        if (callee?.type !== 'identifier') return 'retained';
        const argIndex = p.namedChildren.filter((c) => c.type !== 'comment').findIndex((c) => c.id === n.id);
        const keeps = this.mayRetain(callee.text, argIndex, depth + 1);
        return keeps === false ? 'used' : 'retained';
      }
      case 'pointer_expression':
        // &p: its address escapes to whoever gets it.
        return p.child(0)?.type === '&' ? 'retained' : 'used';
      default:
        return 'used';
    }
  }
}
