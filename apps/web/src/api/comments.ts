import { api, call, type Schemas } from './client';

export type CommentView = Schemas['CommentView'];
export type CommentPage = Schemas['CommentPage'];
export type CommentRevision = Schemas['CommentRevision'];
export type MentionCandidates = Schemas['MentionCandidates'];
export type Mentions = { userIds?: string[]; unitIds?: string[] };

export function listComments(caseId: string, page = 1): Promise<CommentPage> {
  return call(api.GET('/api/v1/cases/{id}/comments', { params: { path: { id: caseId }, query: { page, pageSize: 100 } } })) as Promise<CommentPage>;
}

export function addComment(caseId: string, body: { body: string; internal?: boolean; mentions?: Mentions }): Promise<CommentView> {
  return call(api.POST('/api/v1/cases/{id}/comments', { params: { path: { id: caseId } }, body })) as Promise<CommentView>;
}

export function editComment(caseId: string, commentId: string, body: { body: string; mentions?: Mentions }): Promise<CommentView> {
  return call(api.PATCH('/api/v1/cases/{id}/comments/{commentId}', { params: { path: { id: caseId, commentId } }, body })) as Promise<CommentView>;
}

export function commentRevisions(caseId: string, commentId: string): Promise<CommentRevision[]> {
  return call(api.GET('/api/v1/cases/{id}/comments/{commentId}/revisions', { params: { path: { id: caseId, commentId } } })).then((r) => (r as { items: CommentRevision[] }).items);
}

export function mentionCandidates(caseId: string, internal: boolean): Promise<MentionCandidates> {
  return call(api.GET('/api/v1/cases/{id}/comments/mentionable', { params: { path: { id: caseId }, query: internal ? { internal: 'true' } : {} } })) as Promise<MentionCandidates>;
}

/** The picker's values ("user:<id>", "unit:<id>") as the API's mentions. */
export function mentionsOf(values: readonly string[]): Mentions | undefined {
  const userIds = values.filter((v) => v.startsWith('user:')).map((v) => v.slice(5));
  const unitIds = values.filter((v) => v.startsWith('unit:')).map((v) => v.slice(5));
  if (userIds.length === 0 && unitIds.length === 0) return undefined;
  return { ...(userIds.length ? { userIds } : {}), ...(unitIds.length ? { unitIds } : {}) };
}
