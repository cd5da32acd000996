export { CalleeSummaries, summarizeFunction, type CallEffect, type CalleeDefinition, type DefinitionResolver, type EffectWitness, type FunctionSummary, type SummaryOptions } from './summary.js';
export { knownApi, type KnownApi } from './known-apis.js';
export { lookupDigest, treeDefinitions, type TreeDefinitionsOptions } from './tree-definitions.js';
