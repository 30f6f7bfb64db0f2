import type { Source } from './case-types.js';
import { CORE_CASE_STATES, type CaseStatesConfig } from './case.machine.js';
import { CaseMachineModel, CORE_CASE_MODEL } from './case-workflow.util.js';

/** The family of case workflows (docs/procedures.md): one per kind of origin. */
export const PROCEDURES = ['standard', 'inspection', 'warningFilm', 'petition'] as const;
export type Procedure = (typeof PROCEDURES)[number];

/** What a definition of the family is, apart from the core it shares. */
export interface CaseDefinitionConfig {
  procedure: Procedure;
  /** Starts at 1; a changed definition is registered under the next version, the old one stays. */
  version: number;
  label: string;
  description: string;
  /** Listed but not yet startable: no source maps to it and cases cannot be put on it. */
  reserved?: boolean;
  /** The definition's configuration of the core: its extra states, guards or targets. Absent = the core as it is. */
  configure?: (core: CaseStatesConfig) => CaseStatesConfig;
}

export interface CaseDefinition extends Omit<CaseDefinitionConfig, 'configure'> {
  model: CaseMachineModel;
}

/** The procedure a case of each source starts on, unless the policy's `procedures.bySource` says otherwise. */
export const DEFAULT_PROCEDURE_BY_SOURCE: Record<Source, Procedure> = {
  central_inspection: 'inspection',
  central_inspection_revisit: 'inspection',
  provincial_inspection: 'inspection',
  warning_film: 'warningFilm',
  audit: 'standard',
  petition: 'standard',
  routine: 'standard',
};

const registry = new Map<Procedure, CaseDefinition[]>();

/**
 * Adds a definition (or a new version of one). Versions only grow: a running case keeps the
 * version it started on, so an old version is never replaced or removed.
 */
export function registerCaseDefinition(config: CaseDefinitionConfig): CaseDefinition {
  const versions = registry.get(config.procedure) ?? [];
  const latest = versions.at(-1)?.version ?? 0;
  if (!Number.isInteger(config.version) || config.version <= latest) {
    throw new Error(`${config.procedure} version ${config.version} must be an integer above ${latest}`);
  }
  const { configure, ...rest } = config;
  const definition: CaseDefinition = { ...rest, model: configure ? new CaseMachineModel(configure(CORE_CASE_STATES)) : CORE_CASE_MODEL };
  registry.set(config.procedure, [...versions, definition]);
  return definition;
}

/** The definition at `version`, or the latest one without it; undefined when there is none. */
export function caseDefinition(procedure: string, version?: number): CaseDefinition | undefined {
  const versions = registry.get(procedure as Procedure);
  if (!versions) return undefined;
  return version === undefined ? versions.at(-1) : versions.find((d) => d.version === version);
}

/** Every procedure with its versions, oldest first. */
export function caseDefinitions(): { procedure: Procedure; versions: CaseDefinition[] }[] {
  return PROCEDURES.filter((p) => registry.has(p)).map((procedure) => ({ procedure, versions: [...registry.get(procedure)!] }));
}

/** The procedure a case of `source` starts on under the given mapping (the policy's, else the default). */
export function procedureForSource(source: string, bySource: Partial<Record<string, Procedure>> = {}): Procedure {
  return bySource[source] ?? DEFAULT_PROCEDURE_BY_SOURCE[source as Source] ?? 'standard';
}

registerCaseDefinition({
  procedure: 'standard',
  version: 1,
  label: '一般问题',
  description: 'Routine, audit and other problems: 交办 → 签收 → 整改 → 验收 → 销号, then 回头看.',
});
registerCaseDefinition({
  procedure: 'inspection',
  version: 1,
  label: '督察问题',
  description: 'Central and provincial inspection (督察) and 回头看 problems. Version 1 runs the core; 公示 before 销号 is to come as version 2.',
});
registerCaseDefinition({
  procedure: 'warningFilm',
  version: 1,
  label: '警示片问题',
  description: 'Problems exposed by the warning film (警示片). Version 1 runs the core; 公示 before 销号 is to come as version 2.',
});
registerCaseDefinition({
  procedure: 'petition',
  version: 1,
  label: '信访问题',
  description: 'Reserved for petitions (信访); not yet startable — petition cases run `standard`.',
  reserved: true,
});
