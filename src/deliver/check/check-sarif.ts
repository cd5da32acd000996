/**
 * `check --format sarif`: SARIF 2.1.0 for code-scanning UIs. Each old-API
 * site is a result under its rule; an auto-convertible one carries the
 * rewrite as a SARIF fix. Types come from @types/sarif (the OASIS schema as
 * TypeScript), so a misspelt property fails the build rather than the upload.
 */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Rule } from '../../core/rule.js';
import type { CheckFinding, CheckResult } from './check-changes.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
}

function artifactUri(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

function ruleDescriptor(rule: Rule): Sarif.ReportingDescriptor {
  return {
    id: rule.meta.id,
    shortDescription: { text: rule.meta.summary },
    fullDescription: { text: rule.meta.rationale },
    help: { text: `${rule.meta.summary}\n\n${rule.meta.rationale}` },
    defaultConfiguration: { level: 'warning' },
    properties: { apis: [...rule.meta.apis], confidence: rule.meta.confidence },
  };
}

function result(f: CheckFinding, ruleIndex: number): Sarif.Result {
  const location: Sarif.Location = {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(f.path), uriBaseId: 'SRCROOT' },
      region: { startLine: f.line, startColumn: f.column, ...(f.api ? { endLine: f.line, endColumn: f.column + f.api.length } : {}) },
    },
  };
  const out: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.level,
    kind: 'fail',
    message: { text: f.message },
    locations: [location],
    properties: { autoConvert: f.autoConvert, reason: f.reason, ...(f.status ? { status: f.status } : {}), ...(f.api ? { api: f.api } : {}) },
  };
  if (f.edits && f.edits.length > 0) {
    out.fixes = [
      {
        description: { text: f.autoConvert ? `dma-migrate rewrite (${f.reason})` : 'the rewrite dma-migrate would make on a kernel with the replacement API' },
        artifactChanges: [
          {
            artifactLocation: { uri: artifactUri(f.path), uriBaseId: 'SRCROOT' },
            replacements: f.edits.map((e) => ({
              deletedRegion: { startLine: e.startLine, startColumn: e.startColumn, endLine: e.endLine, endColumn: e.endColumn },
              insertedContent: { text: e.text },
            })),
          },
        ],
      },
    ];
  }
  if (f.trace && f.trace.length > 0) {
    out.codeFlows = [
      {
        threadFlows: [
          {
            locations: f.trace.map((line) => ({
              location: { physicalLocation: { artifactLocation: { uri: artifactUri(f.path), uriBaseId: 'SRCROOT' }, region: { startLine: line } } },
            })),
          },
        ],
      },
    ];
  }
  return out;
}

export function sarifLog(check: CheckResult, rules: readonly Rule[], tool: ToolInfo): Sarif.Log {
  const descriptors = rules.map(ruleDescriptor);
  const ids = descriptors.map((d) => d.id);
  for (const f of check.findings) {
    if (!ids.includes(f.ruleId)) {
      ids.push(f.ruleId);
      descriptors.push({ id: f.ruleId, shortDescription: { text: `behaviour model ${f.ruleId}` }, defaultConfiguration: { level: 'error' } });
    }
  }
  const root = pathToFileURL(check.root.endsWith('/') ? check.root : `${check.root}/`).href;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, semanticVersion: tool.version, rules: descriptors } },
        originalUriBaseIds: { SRCROOT: { uri: root } },
        columnKind: 'utf16CodeUnits',
        results: check.findings.map((f) => result(f, ids.indexOf(f.ruleId))),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: check.notes.map((text) => ({ level: 'note' as const, message: { text } })),
          },
        ],
        properties: { target: check.target, filesChecked: check.filesChecked },
      },
    ],
  };
}
