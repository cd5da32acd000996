/**
 * Where a Kconfig symbol is defined and what it depends on (its `depends on`
 * lines plus the `if` and `menu ... depends on` blocks around it), to explain
 * why a config does not build an object and to guess which arch would.
 * Regexes here only read Kconfig files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface SymbolDeps {
  readonly symbol: string;
  readonly file: string;
  /** The dependency expressions joined with ` && `. */
  readonly dependsOn: string;
}

export class KconfigIndex {
  private files: string[] | undefined;
  private readonly found = new Map<string, SymbolDeps | null>();
  constructor(private readonly tree: string) {}

  /** The first definition of `symbol` (without CONFIG_), preferring Kconfig files near `nearDir`. */
  depsOf(symbol: string, nearDir?: string): SymbolDeps | undefined {
    const hit = this.found.get(symbol);
    if (hit !== undefined) return hit ?? undefined;
    const near: string[] = [];
    for (let d = nearDir; d && d !== '.'; d = path.posix.dirname(d)) near.push(path.posix.join(d, 'Kconfig'));
    const all = this.kconfigFiles();
    const order = [...near.filter((f) => all.includes(f)), ...all];
    for (const f of order) {
      const deps = findSymbol(readFileSync(path.join(this.tree, f), 'utf8'), symbol);
      if (deps !== undefined) {
        const r = { symbol, file: f, dependsOn: deps };
        this.found.set(symbol, r);
        return r;
      }
    }
    this.found.set(symbol, null);
    return undefined;
  }

  private kconfigFiles(): string[] {
    if (this.files) return this.files;
    const out: string[] = [];
    const walk = (rel: string) => {
      for (const e of readdirSync(path.join(this.tree, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          if (!e.name.startsWith('.') && e.name !== 'Documentation' && e.name !== 'tools') walk(r);
        } else if (e.name.startsWith('Kconfig')) out.push(r);
      }
    };
    walk('');
    this.files = out.sort();
    return out;
  }
}

/** The dependency text of `config SYMBOL` in one Kconfig file, or undefined when it is not defined there. */
export function findSymbol(text: string, symbol: string): string | undefined {
  const ifs: string[] = [];
  const menus: string[][] = [];
  let state: 'none' | 'menu-head' | 'other' | 'ours' = 'none';
  let deps: string[] = [];
  let helpIndent: number | undefined; // undefined: not in help; -1: help started, indent not known yet
  const result = () => [...ifs, ...menus.flat(), ...deps].map((d) => `(${d})`).join(' && ');
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    if (helpIndent !== undefined) {
      const indent = indentOf(raw);
      if (helpIndent === -1) helpIndent = indent;
      if (indent >= helpIndent && helpIndent > 0) continue;
      helpIndent = undefined;
    }
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const head = /^(menuconfig|config)\s+(\S+)$/.exec(line);
    const structural = /^(menu|endmenu|if|endif|choice|endchoice|comment|source|mainmenu)\b/.test(line);
    if (state === 'ours' && (head || structural)) return result();
    if (head) {
      state = head[2] === symbol ? 'ours' : 'other';
      deps = [];
      continue;
    }
    if (/^(help|---help---)$/.test(line)) {
      helpIndent = -1;
      continue;
    }
    const dep = /^depends\s+on\s+(.*)$/.exec(line);
    if (dep) {
      if (state === 'ours') deps.push(dep[1]!);
      else if (state === 'menu-head') menus[menus.length - 1]!.push(dep[1]!);
      continue;
    }
    if (!structural) continue;
    const iff = /^if\s+(.*)$/.exec(line);
    if (iff) ifs.push(iff[1]!);
    else if (line === 'endif') ifs.pop();
    else if (/^menu\s/.test(line)) menus.push([]);
    else if (line === 'endmenu') menus.pop();
    state = /^menu\s/.test(line) ? 'menu-head' : 'none';
  }
  return state === 'ours' ? result() : undefined;
}

function indentOf(line: string): number {
  let n = 0;
  for (const ch of line) {
    if (ch === ' ') n++;
    else if (ch === '\t') n = (Math.floor(n / 8) + 1) * 8;
    else break;
  }
  return n;
}
