import { caseDefinition, caseDefinitions, caseModelOf, DEFAULT_PROCEDURE_BY_SOURCE, PROCEDURES, procedureForSource, registerCaseDefinition } from './case-definitions.js';
import { SOURCES, type CaseEvent, type CaseEventType } from './case-types.js';
import { CORE_CASE_MODEL, persistCaseSnapshot, persistedCaseState, stateDetailOf, type CaseSnapshot } from './case-workflow.util.js';
import { caseModelEvents } from '../../test/support/case-paths.js';
import { registerStandardV2WithNotice } from '../../test/support/test-definitions.js';

const EVENTS = caseModelEvents();
const ev = (type: CaseEventType): CaseEvent => EVENTS.find((e) => e.type === type)!;
const TO_VERIFIED: CaseEventType[] = ['ASSIGN', 'ACCEPT', 'SUBMIT_EVIDENCE', 'VERIFY_PASS'];

describe('case definitions', () => {
  test('the family: standard, inspection, warningFilm and the reserved petition, each at version 1 on the core', () => {
    expect(caseDefinitions().map((p) => [p.procedure, p.versions.map((d) => d.version)])).toEqual(PROCEDURES.map((p) => [p, [1]]));
    expect(caseDefinition('petition')!.reserved).toBe(true);
    for (const procedure of ['standard', 'inspection', 'warningFilm'] as const) {
      const definition = caseDefinition(procedure, 1)!;
      expect(definition.reserved).toBeFalsy();
      // Configuration, not copies: a definition without its own configuration is the core itself.
      expect(definition.model).toBe(CORE_CASE_MODEL);
    }
    // Where a case starts and ends is read from the machine (the Mermaid diagram's [*] edges).
    expect([CORE_CASE_MODEL.initialState, CORE_CASE_MODEL.finalStates]).toEqual(['reported', ['withdrawn']]);
    expect(caseDefinition('nope')).toBeUndefined();
    expect(caseDefinition('standard', 9)).toBeUndefined();
  });

  test('every source maps to a startable procedure; the policy mapping wins over the default', () => {
    for (const source of SOURCES) expect(caseDefinition(DEFAULT_PROCEDURE_BY_SOURCE[source])!.reserved).toBeFalsy();
    expect(procedureForSource('warning_film')).toBe('warningFilm');
    expect(procedureForSource('central_inspection_revisit')).toBe('inspection');
    expect(procedureForSource('routine', { routine: 'inspection' })).toBe('inspection');
  });

  test('versions only grow', () => {
    expect(() => registerCaseDefinition({ procedure: 'standard', version: 1, label: 'x', description: 'x' })).toThrow(/above 1/);
    expect(() => registerCaseDefinition({ procedure: 'standard', version: 1.5, label: 'x', description: 'x' })).toThrow(/integer/);
  });

  test('a case started on version 1 finishes on version 1 after version 2 is registered', () => {
    const v1 = caseDefinition('standard')!;
    let snapshot: CaseSnapshot = v1.model.initial();
    for (const type of TO_VERIFIED) {
      const result = v1.model.apply(snapshot, ev(type));
      if (!result.ok) throw new Error(result.refusal.message);
      snapshot = result.next;
    }
    const stored = JSON.parse(JSON.stringify(persistCaseSnapshot(snapshot)));

    // Version 2 configures the core: 销号 goes through a notice state first.
    const v2 = registerStandardV2WithNotice();
    expect(caseDefinition('standard')).toBe(v2);
    expect(caseDefinition('standard', 1)).toBe(v1);
    expect(v2.model.states).toContain('noticed');
    expect(v1.model.states).not.toContain('noticed');

    // The running case keeps its version: the engine's caseModelOf(record) restores it on v1, where CLOSE lands in closed.
    const onV1Model = caseModelOf({ procedure: 'standard', procedureVersion: 1 });
    expect(onV1Model).toBe(v1.model);
    const onV1 = onV1Model.apply(onV1Model.restore(stored), ev('CLOSE'));
    expect(onV1.ok && onV1.to).toBe('closed');
    expect(caseModelOf({ procedure: 'standard', procedureVersion: 2 })).toBe(v2.model);
    // A case on a version this build does not know is an error, never run on another version.
    expect(() => caseModelOf({ procedure: 'standard', procedureVersion: 3 })).toThrow(/no workflow definition standard version 3/);
    // A new case on v2 passes the notice.
    let fresh: CaseSnapshot = v2.model.initial();
    for (const type of [...TO_VERIFIED, 'CLOSE'] as CaseEventType[]) {
      const result = v2.model.apply(fresh, ev(type));
      if (!result.ok) throw new Error(result.refusal.message);
      fresh = result.next;
    }
    expect(stateDetailOf(fresh)).toBe('noticed');
    // What the case view's allowedEvents read: v2's own edges (v1 has none from `noticed`).
    const stateOfFresh = persistedCaseState(persistCaseSnapshot(fresh));
    expect(v2.model.acceptedNow(stateOfFresh, ev('CLOSE').at, ev('CLOSE').limits).map((t) => t.event)).toEqual(['CLOSE']);
    expect(v1.model.acceptedNow(stateOfFresh, ev('CLOSE').at, ev('CLOSE').limits)).toEqual([]);
    expect(v2.model.mermaid()).toContain('verified --> noticed: CLOSE');
  });
});
