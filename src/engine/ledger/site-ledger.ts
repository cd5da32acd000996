/**
 * The one place that decides each site's fate. A site is recorded once (by
 * the engine at `match`, or from a rule's report), may carry a fix, and may
 * be withdrawn from the rewrite by a later stage with a typed reason; every
 * decision is kept, in order, as the site's history. Everything outside
 * reads the findings, which are read-only.
 */
import { InternalError } from '../../core/errors.js';
import type { LineIndex, Range } from '../../core/range.js';
import type { SiteReport } from '../../core/rule.js';
import type { Finding, KmapVerdict, RelatedLocation, SiteDecision, SiteStatus, Stage } from '../../core/types.js';
import { ENGINE_REASONS, type EngineReason } from './reasons.js';

/** What a stage may state about a site when it records it. */
export type SiteRecord = Omit<SiteReport, 'at'> & { readonly range: Range; readonly message: string };

/** A mutable copy of a finding: only this module writes one. */
type Entry = { -readonly [K in keyof Finding]: Finding[K] } & { history: SiteDecision[] };

/** Handle of a recorded site. */
export type SiteId = number;

/** The rules that convert a file all together or not at all, by id. */
export interface AllOrNothingRule {
  readonly meta: { readonly id: string; readonly allOrNothingPerFile?: boolean };
}

export class SiteLedger {
  /** By id, in the order recorded. */
  private readonly entries = new Map<SiteId, Entry>();
  /** The first site recorded at each start. */
  private readonly firstAt = new Map<number, SiteId>();

  constructor(private readonly lines: LineIndex) {}

  /** Record a site (once). A site that is not converted keeps no fix. */
  record(ruleId: string, site: SiteRecord, stage: Stage): SiteId {
    const pos = this.lines.positionOf(site.range.start);
    const entry: Entry = {
      ruleId,
      api: site.api,
      range: site.range,
      line: pos.line,
      column: pos.column,
      status: site.status,
      reason: site.reason,
      message: site.message,
      ...(site.fixId !== undefined && site.status === 'convert' ? { fixId: site.fixId } : {}),
      ...(site.verdict ? { verdict: site.verdict } : {}),
      ...(site.notes ? { notes: [...site.notes] } : {}),
      ...(site.todo && site.todo.length > 0 ? { todo: [...site.todo] } : {}),
      ...(site.related ? { related: [...site.related] } : {}),
      ...(site.handle ? { handle: site.handle } : {}),
      history: [{ stage, status: site.status, reason: site.reason, detail: site.message }],
    };
    const id = this.entries.size;
    this.entries.set(id, entry);
    if (!this.firstAt.has(site.range.start)) this.firstAt.set(site.range.start, id);
    return id;
  }

  /** Record a site the engine reports itself (no rule decided it). */
  recordEngine(ruleId: string, api: string, range: Range, reason: EngineReason, stage: Stage, verdict?: KmapVerdict): SiteId {
    return this.record(ruleId, { api, range, status: 'review', reason, message: ENGINE_REASONS[reason], ...(verdict ? { verdict } : {}) }, stage);
  }

  get(id: SiteId): Readonly<Finding> {
    return this.entry(id);
  }

  /**
   * Take a site out of the rewrite: it is reported with `status` and
   * `reason` and keeps nothing of the rewrite it had (fix, commit-message
   * notes, to-dos); a safety verdict becomes `review`. `detail` defaults to
   * the reason's sentence.
   */
  withdraw(id: SiteId, stage: Stage, reason: EngineReason, detail: string = ENGINE_REASONS[reason], status: Exclude<SiteStatus, 'convert'> = 'review', related?: readonly RelatedLocation[]): void {
    this.setAside(id, stage, reason, detail, status, related);
  }

  /**
   * Take a converted site out of the rewrite for a reason its rule family
   * declares (a run-level decision such as rules/_dma's cross-file pairing,
   * `partner-kept` or `shared-header`); sites not converted are left as they are.
   */
  keepOnOldApi(start: number, stage: Stage, reason: string, detail: string): void {
    for (const [id, e] of this.inOrder()) if (e.range.start === start && e.status === 'convert') this.setAside(id, stage, reason, detail, 'skip');
  }

  private setAside(id: SiteId, stage: Stage, reason: string, detail: string, status: Exclude<SiteStatus, 'convert'>, related?: readonly RelatedLocation[]): void {
    const e = this.entry(id);
    e.status = status;
    e.reason = reason;
    e.message = detail;
    if (e.verdict) e.verdict = 'review';
    delete e.fixId;
    delete e.notes;
    delete e.todo;
    if (related) e.related = [...related];
    e.history.push({ stage, status, reason, detail });
  }

  /** Withdraw every converted site whose fix is in `fixIds`; `detail` may name the site's own cause. */
  withdrawFixes(fixIds: ReadonlySet<number>, stage: Stage, reason: EngineReason, detail?: (f: Readonly<Finding>) => string): void {
    for (const [id, e] of this.inOrder()) {
      if (e.status !== 'convert' || e.fixId === undefined || !fixIds.has(e.fixId)) continue;
      this.withdraw(id, stage, reason, detail ? detail(e) : ENGINE_REASONS[reason]);
    }
  }

  /** Withdraw every site, converted or not (a file the tool must not touch). */
  withdrawAll(stage: Stage, reason: EngineReason, status: Exclude<SiteStatus, 'convert'>, detail: string = ENGINE_REASONS[reason]): void {
    for (const [id] of this.inOrder()) this.withdraw(id, stage, reason, detail, status);
  }

  /** How many sites are recorded. */
  size(): number {
    return this.entries.size;
  }

  /**
   * All or nothing per file, for rules that declare `allOrNothingPerFile`:
   * once a site of the rule is refused (left for review for a reason other
   * than the target lacking the API) by one of `refusedAt`, its converted
   * sites (those whose fix is in `among`, when given) are withdrawn as
   * `partner-site-refused`, naming the refused site. Returns the withdrawn
   * fix ids.
   */
  allOrNothing(rules: readonly AllOrNothingRule[], stage: Stage, refusedAt: readonly Stage[], among?: ReadonlySet<number>): Set<number> {
    const withdrawn = new Set<number>();
    for (const { meta } of rules) {
      if (!meta.allOrNothingPerFile) continue;
      const own = this.inOrder()
        .map(([id, e]) => ({ e, id }))
        .filter(({ e }) => e.ruleId === meta.id);
      const refused = own.find(({ e }) => e.status === 'review' && e.reason !== 'target-lacks-api' && refusedAt.includes(e.history[e.history.length - 1]!.stage))?.e;
      if (!refused) continue;
      for (const { e, id } of own) {
        if (e.status !== 'convert') continue;
        if (among && (e.fixId === undefined || !among.has(e.fixId))) continue;
        if (e.fixId !== undefined) withdrawn.add(e.fixId);
        const cause = stage === 'verify' ? 'the behaviour model withdrew another rewrite of this rule in the file' : `line ${refused.line}: ${refused.api}, ${refused.reason}`;
        this.withdraw(id, stage, 'partner-site-refused', `${ENGINE_REASONS['partner-site-refused']} (${cause})`, 'review', stage === 'verify' ? undefined : [{ range: refused.range, message: `${refused.api}: ${refused.reason}` }]);
      }
    }
    return withdrawn;
  }

  /** Is a site already recorded at this position? */
  has(start: number): boolean {
    return this.at(start) !== undefined;
  }

  /** The site recorded first at this position, if any (a map, not a search: files hold thousands of sites). */
  at(start: number): Readonly<Finding> | undefined {
    const id = this.firstAt.get(start);
    return id === undefined ? undefined : this.entries.get(id);
  }

  /** Fix ids of the sites still converted. */
  convertedFixIds(): Set<number> {
    const ids = new Set<number>();
    for (const e of this.entries.values()) if (e.status === 'convert' && e.fixId !== undefined) ids.add(e.fixId);
    return ids;
  }

  /** The findings in file order (stable: sites at one position keep the order they were recorded in). */
  findings(): readonly Finding[] {
    return this.inOrder().map(([, e]) => ({ ...e, history: [...e.history] }));
  }

  /** Entries by position, then in the order recorded. */
  private inOrder(): [SiteId, Entry][] {
    return [...this.entries].sort(([ia, a], [ib, b]) => a.range.start - b.range.start || ia - ib);
  }

  private entry(id: SiteId): Entry {
    const e = this.entries.get(id);
    if (!e) throw new InternalError(`no site ${id} in the ledger`);
    return e;
  }
}
