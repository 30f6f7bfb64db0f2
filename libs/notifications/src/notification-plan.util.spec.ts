import { planEscalationNotification, planTransitionNotifications, type TransitionFacts } from './notification-plan.util.js';

const base: TransitionFacts = {
  caseId: 'c1',
  caseCode: '360100-2025-00001',
  regionCode: '360100',
  leadUnitId: 'u-lead',
  coUnitIds: ['u-co', 'u-lead'],
  seq: 3,
  event: { type: 'ASSIGN' },
  actorId: 'someone',
};

describe('planTransitionNotifications', () => {
  it('ASSIGN: the lead unit and each co-unit once, with the transition as the cause', () => {
    const planned = planTransitionNotifications(base);
    expect(planned.map((n) => [n.recipient, n.kind, n.cause])).toEqual([
      ['unit:u-lead', 'assigned', 'case:c1:3'],
      ['unit:u-co', 'co_assigned', 'case:c1:3'],
    ]);
  });

  it('who hears of what', () => {
    const to = (type: string, extra: Record<string, unknown> = {}) =>
      planTransitionNotifications({ ...base, event: { type, ...extra } }).map((n) => `${n.recipient}=${n.kind}`);
    expect(to('RETURN', { reason: '不属于本单位' })).toEqual(['region:360100:supervisor=returned']);
    expect(to('REQUEST_EXTENSION')).toEqual(['region:360100:supervisor=extension_requested']);
    expect(to('APPROVE_EXTENSION')).toEqual(['unit:u-lead=extension_approved']);
    expect(to('REJECT_EXTENSION')).toEqual(['unit:u-lead=extension_rejected']);
    expect(to('SUBMIT_EVIDENCE')).toEqual(['region:360100:inspector=evidence_submitted']);
    expect(to('VERIFY_FAIL')).toEqual(['unit:u-lead=verification_failed']);
    expect(to('START_REVISIT')).toEqual(['region:360100:inspector=revisit_started']);
    expect(to('REBOUND_FOUND')).toEqual(['unit:u-lead=rebound_found', 'region:360100:supervisor=rebound_found']);
    for (const quiet of ['ACCEPT', 'REPORT_PROGRESS', 'VERIFY_PASS', 'CLOSE', 'REVISIT_PASS', 'WITHDRAW']) expect(to(quiet)).toEqual([]);
  });

  it('ADJUST_UNITS tells only the units it added', () => {
    const planned = planTransitionNotifications({ ...base, event: { type: 'ADJUST_UNITS' }, leadUnitId: 'u-new', coUnitIds: ['u-co'], previousUnitIds: ['u-lead', 'u-co'] });
    expect(planned.map((n) => `${n.recipient}=${n.kind}`)).toEqual(['unit:u-new=assigned']);
  });

  it('long texts are cut in the message', () => {
    const [n] = planTransitionNotifications({ ...base, event: { type: 'VERIFY_FAIL', reason: '很'.repeat(500) } });
    expect(n!.message.length).toBeLessThan(120);
  });
});

describe('planEscalationNotification', () => {
  const e = { clockId: 'k', caseId: 'c1', caseCode: 'X', level: 0, levelName: '预警 warning', clockName: 'rectification', targetRegionCode: '360100', targetUnitId: 'u-lead', dueAt: '2025-09-30T15:59:59.999Z' };
  it('level 0 warns the lead unit, or the region’s supervisors while nobody leads', () => {
    expect(planEscalationNotification(e).recipient).toBe('unit:u-lead');
    expect(planEscalationNotification({ ...e, targetUnitId: null }).recipient).toBe('region:360100:supervisor');
  });
  it('levels 1+ go to the supervisors of the target region; the cause is (clock, level)', () => {
    const n = planEscalationNotification({ ...e, level: 2, targetRegionCode: '360000' });
    expect([n.recipient, n.cause]).toEqual(['region:360000:supervisor', 'escalation:k:2']);
  });
});
