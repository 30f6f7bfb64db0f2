import { actorColumns, actorFromRow, toIso, type ActorRef } from '@rectify/core';

/** One row of `attachments`: a file of a case, its bytes stored under `sha256` in the blob store. */
export interface AttachmentRecord {
  id: string;
  caseId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  /** The uploader's user id (stored). */
  uploadedBy: string;
  /** The uploader in the history's actor shape (read with the row). */
  uploader: ActorRef;
  uploadedAt: string;
}

export const ATTACHMENT_COLUMNS = `a.id, a.case_id, a.name, a.content_type, a.size_bytes, a.sha256, a.uploaded_by, ${actorColumns('u', 'uploader_')}, a.uploaded_at`;

export function attachmentFromRow(row: Record<string, unknown>): AttachmentRecord {
  return {
    id: String(row.id),
    caseId: String(row.case_id),
    name: String(row.name),
    contentType: String(row.content_type),
    size: Number(row.size_bytes),
    sha256: String(row.sha256),
    uploadedBy: String(row.uploaded_by),
    uploader: actorFromRow(row.uploaded_by, row, 'uploader_')!,
    uploadedAt: toIso(row.uploaded_at as string)!,
  };
}
