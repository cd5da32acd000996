export { classifySinkUses, findProvenanceConflicts, type SinkUse, type FunctionSummary, type ProvenanceFinding, type ProvenanceOptions } from './analyze.js';
export { SINKS, SINK_NAMES, SOURCES, SOURCE_NAMES, TRANSPARENT, TRIGGERS, dmaAttrsRequirement, type AddressClass, type SinkSpec, type SourceSpec } from './table.js';
