/**
 * What functions defined in the same file do that a kmap_atomic() region may
 * rely on: user accesses expecting page faults to be disabled, and reads of
 * the atomic state. Followed through direct calls and through functions
 * passed by name (callbacks), a few levels deep. A callee that disables page
 * faults itself does not make its caller rely on kmap_atomic() for that.
 */
import { parentOf } from '../../../core/tree/ancestry.js';
import type { SyntaxNode } from '../../../core/syntax.js';
import { callName, FunctionDefinitions } from '../../../engine/analyze/syntax.js';
import { callRole, type CallRole } from './calls.js';

export interface CalleeEffect {
  readonly role: Extract<CallRole, 'pagefault-reliance' | 'atomic-check'>;
  /** Function names from the called function to the call that has the role. */
  readonly chain: readonly string[];
}

const MAX_DEPTH = 3;

export class CalleeEffects {
  private readonly memo = new Map<string, readonly CalleeEffect[]>();

  private readonly definitions: FunctionDefinitions;

  constructor(root: SyntaxNode) {
    this.definitions = new FunctionDefinitions(root);
  }

  isDefined(name: string): boolean {
    return this.definitions.get(name) !== undefined;
  }

  /** Effects of calling `name` (empty when it is not defined in this file). */
  effectsOf(name: string, depth = 0): readonly CalleeEffect[] {
    const known = this.memo.get(name);
    if (known) return known;
    const fn = this.definitions.get(name);
    if (!fn || depth > MAX_DEPTH) return [];
    this.memo.set(name, []); // recursion guard
    const out: CalleeEffect[] = [];
    const body = fn.childForFieldName('body');
    const calls = body?.descendantsOfType('call_expression') ?? [];
    const disablesFaults = calls.some((c) => callName(c) === 'pagefault_disable');
    const seen = new Set<string>();
    const add = (e: CalleeEffect) => {
      const key = `${e.role}:${e.chain.join('>')}`;
      if (seen.has(key) || out.length >= 8) return;
      seen.add(key);
      out.push(e);
    };
    for (const c of calls) {
      const callee = callName(c);
      if (!callee) continue;
      const role = callRole(callee, c);
      if (role === 'pagefault-reliance' && !disablesFaults) add({ role, chain: [name, callee] });
      else if (role === 'atomic-check') add({ role, chain: [name, callee] });
      else if (!role && callee !== name) for (const e of this.effectsOf(callee, depth + 1)) if (!(disablesFaults && e.role === 'pagefault-reliance')) add({ role: e.role, chain: [name, ...e.chain] });
    }
    // Functions passed by name (callbacks) may run from here too.
    for (const id of body?.descendantsOfType('identifier') ?? []) {
      const p = parentOf(id);
      if (p?.type === 'call_expression' && p.childForFieldName('function')?.id === id.id) continue;
      if (id.text === name || !this.definitions.get(id.text)) continue;
      for (const e of this.effectsOf(id.text, depth + 1)) if (!(disablesFaults && e.role === 'pagefault-reliance')) add({ role: e.role, chain: [name, ...e.chain] });
    }
    this.memo.set(name, out);
    return out;
  }
}
