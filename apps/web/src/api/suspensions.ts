import { api, call, type Schemas } from './client';

export type SuspensionView = Schemas['SuspensionView'];
export type SuspendBody = Schemas['SuspendCaseDto'];

export function listSuspensions(caseId: string): Promise<SuspensionView[]> {
  return call(api.GET('/api/v1/cases/{id}/suspensions', { params: { path: { id: caseId } } })).then((r) => (r as { items: SuspensionView[] }).items);
}

export function suspendCase(caseId: string, body: SuspendBody): Promise<SuspensionView> {
  return call(api.POST('/api/v1/cases/{id}/suspension', { params: { path: { id: caseId } }, body })) as Promise<SuspensionView>;
}

export function resumeCase(caseId: string): Promise<SuspensionView> {
  return call(api.POST('/api/v1/cases/{id}/suspension/resume', { params: { path: { id: caseId } } })) as Promise<SuspensionView>;
}
