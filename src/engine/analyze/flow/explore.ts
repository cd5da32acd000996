/**
 * Path-sensitive forward exploration of a CFG: every distinct abstract state
 * reaching a node is propagated separately (no joins), so facts like "this
 * mapping is live" stay exact per path. Loops converge because states are
 * finite and deduplicated by key. A budget bounds the work; exceeding it is
 * reported (`exhausted`), never silently truncated.
 *
 * The client decides what a state is. `transfer` runs a node's effects;
 * `follow` decides whether an edge is feasible under the state (returning
 * undefined prunes it, e.g. a condition contradicting a remembered fact).
 */
import type { Cfg, CfgEdge, CfgNode } from './cfg.js';

export interface PathClient<S> {
  readonly initial: S;
  key(state: S): string;
  transfer(node: CfgNode, state: S): S;
  follow(from: CfgNode, edge: CfgEdge, state: S): S | undefined;
}

export interface Exploration<S> {
  /** Distinct states entering each node (by node id); absent = unreachable. */
  readonly statesIn: ReadonlyMap<number, readonly S[]>;
  /** The budget ran out before every state was explored. */
  readonly exhausted: boolean;
  /** (node, state) pairs explored. */
  readonly steps: number;
}

export const DEFAULT_STEP_BUDGET = 50_000;

export function explorePaths<S>(cfg: Cfg, client: PathClient<S>, budget = DEFAULT_STEP_BUDGET): Exploration<S> {
  const statesIn = new Map<number, S[]>();
  const seen = new Set<string>();
  const work: { node: number; state: S }[] = [];
  const push = (node: number, state: S) => {
    const k = `${node}\u0000${client.key(state)}`;
    if (seen.has(k)) return;
    seen.add(k);
    let list = statesIn.get(node);
    if (!list) statesIn.set(node, (list = []));
    list.push(state);
    work.push({ node, state });
  };
  push(cfg.entry, client.initial);
  let steps = 0;
  while (work.length > 0) {
    if (steps >= budget) return { statesIn, exhausted: true, steps };
    steps++;
    const { node, state } = work.pop()!;
    const n = cfg.nodes[node]!;
    const out = client.transfer(n, state);
    for (const edge of n.succ) {
      const s = client.follow(n, edge, out);
      if (s !== undefined) push(edge.to, s);
    }
  }
  return { statesIn, exhausted: false, steps };
}
