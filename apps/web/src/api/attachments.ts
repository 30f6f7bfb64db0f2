import { messages as m } from '@/locales/zh-CN';
import { api, ApiError, call, type Schemas } from './client';
import { session } from './session';

export type AttachmentView = Schemas['AttachmentView'];
export type AttachmentList = Schemas['AttachmentList'];

export function listAttachments(caseId: string): Promise<AttachmentList> {
  return call(api.GET('/api/v1/cases/{id}/attachments', { params: { path: { id: caseId } } })) as Promise<AttachmentList>;
}

/**
 * Uploads one file as multipart (part `file`), reporting progress (0–100). XMLHttpRequest because
 * fetch reports no upload progress; refusals become the same ApiError the rest of the app shows.
 */
export function uploadAttachment(caseId: string, file: File, onProgress: (percent: number) => void): Promise<AttachmentView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/cases/${encodeURIComponent(caseId)}/attachments`);
    if (session.token) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', m.errors.network));
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        // not JSON: the status says enough
      }
      if (xhr.status === 201) resolve(body as unknown as AttachmentView);
      else reject(new ApiError(xhr.status, String(body.code ?? xhr.status), xhr.status >= 500 ? m.errors.server.replace('{status}', String(xhr.status)) : String(body.message ?? m.errors.validation), {}, body));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Downloads with the token (a plain link would carry none) and saves under the original name. */
export async function downloadAttachment(attachment: AttachmentView): Promise<void> {
  const response = await fetch(attachment.downloadPath, { headers: session.token ? { Authorization: `Bearer ${session.token}` } : {} });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(response.status, body.code ?? String(response.status), body.message ?? m.errors.notFound);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 1536 → "1.5 KB" */
export function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
