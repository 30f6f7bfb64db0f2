import { registerCaseDefinition, type CaseDefinition } from '@rectify/workflows';

/**
 * A test-only version 2 of `standard`: CLOSE from `verified` passes a `noticed` state before `closed`.
 * Registering it shows that running cases keep version 1 (docs/procedures.md, "Versions").
 */
export function registerStandardV2WithNotice(): CaseDefinition {
  return registerCaseDefinition({
    procedure: 'standard',
    version: 2,
    label: '一般问题',
    description: 'test: CLOSE passes through a notice',
    configure: (core) =>
      ({
        ...core,
        verified: { ...core.verified, on: { ...core.verified.on, CLOSE: { ...core.verified.on.CLOSE, target: 'noticed' } } },
        noticed: { description: 'test notice', on: { CLOSE: core.verified.on.CLOSE } },
      }) as unknown as typeof core,
  });
}
