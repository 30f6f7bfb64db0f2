import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { allowedEventsFor, CaseQueryService, limitsOf, type CaseRecord, type EvidenceFileProblem, type EvidenceFileProvider, type EvidenceFileRef } from '@rectify/cases';
import { APP_CONFIG, type AppConfig } from '@rectify/config';
import { actorOf, Clock, DomainError, ErrorCode, isUuid, timeOrderedId } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import type { AuthUser } from '@rectify/identity';
import { PolicyService } from '@rectify/policies';
import { ATTACHING_EVENTS } from './attachment-events.js';
import type { AttachmentRecord } from './attachment-record.js';
import { AttachmentRepository } from './attachment.repository.js';
import { BLOB_STORE, type BlobStore } from './blob-store.js';
import { parseByteRange } from './byte-range.util.js';
import { cleanFileName, contentDisposition } from './content-disposition.util.js';
import { sniffContentType } from './content-type-sniffer.js';
import { toAttachmentView, type AttachmentList, type AttachmentView } from './dto/attachment.dto.js';
import { sha256Of, stageUpload } from './upload-staging.util.js';

/** One file part of a multipart request, as the HTTP layer hands it over. */
export interface UploadedPart {
  filename: string | undefined;
  stream: Readable;
  /** True once the stream was cut at the size limit. */
  truncated(): boolean;
}

/** The request body of an upload: whether it is multipart, and its first file part read with a size limit. */
export interface UploadSource {
  isMultipart: boolean;
  nextFile(maxBytes: number): Promise<UploadedPart | undefined>;
}

/** A download as HTTP sends it. */
export interface AttachmentDownload {
  status: 200 | 206 | 304;
  headers: Record<string, string>;
  body: Readable | null;
}

const MIB = 1024 * 1024;
const mib = (bytes: number) => `${Math.round((bytes / MIB) * 10) / 10} MB`;

/** Evidence files: upload (streamed, hashed, sniffed, content-addressed), list, download, and their place in history. */
@Injectable()
export class AttachmentService implements EvidenceFileProvider {
  constructor(
    @Inject(AttachmentRepository) private readonly attachments: AttachmentRepository,
    @Inject(CaseQueryService) private readonly cases: CaseQueryService,
    @Inject(PolicyService) private readonly policies: PolicyService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Database) private readonly db: Database,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---------------------------------------------------------------- upload

  async upload(user: AuthUser, caseId: string, source: UploadSource): Promise<AttachmentView> {
    if (!source.isMultipart) {
      throw new DomainError(ErrorCode.UnsupportedMediaType, 'Send the file as multipart/form-data, in a part named "file"');
    }
    const record = await this.cases.visibleRecord(user, caseId);
    if (!(await this.mayAttach(user, record))) throw this.notNow(record);
    const limits = this.config.attachments;
    const usage = await this.attachments.usage(caseId);
    if (usage.count >= limits.maxFilesPerCase) throw tooMany(limits.maxFilesPerCase);
    const room = limits.maxCaseBytes - usage.bytes;
    if (room <= 0) throw caseFull(limits.maxCaseBytes);
    const maxBytes = Math.min(limits.maxFileBytes, room);

    let part: UploadedPart | undefined;
    try {
      part = await source.nextFile(maxBytes);
    } catch (error) {
      throw unreadable(error);
    }
    if (!part) throw DomainError.validation('The form has no file: send it in a part named "file"');
    let sourceError: unknown = null;
    part.stream.once('error', (error) => (sourceError = error));

    const staged = this.store.stagingPath();
    try {
      let stagedFile: { sha256: string; size: number };
      try {
        stagedFile = await stageUpload(part.stream, staged);
      } catch (error) {
        // The body's own failure (cut off, malformed — perhaps before we listened) is the client's: 400.
        const bodyError = sourceError ?? part.stream.errored;
        throw bodyError ? unreadable(bodyError) : error;
      }
      if (part.truncated()) throw maxBytes < limits.maxFileBytes ? caseFull(limits.maxCaseBytes) : fileTooLarge(limits.maxFileBytes);
      const { sha256, size } = stagedFile;
      if (size === 0) throw DomainError.validation('The file is empty');
      const type = await sniffContentType(staged, size);
      if (!type.accepted) {
        throw new DomainError(
          ErrorCode.UnsupportedMediaType,
          `Files of this kind are not accepted as evidence (the bytes are ${type.detected}): upload images (JPEG, PNG, HEIC …), PDF, Office documents or plain UTF-8 text`,
          { detected: type.detected },
        );
      }
      // Stored bytes are trusted (not written again) only when a committed row names them: a blob no
      // row names may be what a crash in the middle of a put left, not yet flushed.
      const created = await this.store.put(staged, sha256, { replace: !(await this.attachments.isReferenced(sha256)) });
      const row = {
        // Time-ordered (wall clock, not the case clock, which tests and demos stop): lists show upload order.
        id: timeOrderedId(),
        caseId,
        name: cleanFileName(part.filename),
        contentType: type.mime,
        size,
        sha256,
        uploadedBy: user.id,
        uploadedAt: this.clock.now().toISOString(),
      };
      try {
        await this.db.write(async (tx) => {
          // Checked again where it counts: concurrent uploads to one case queue here (the case row is locked on PostgreSQL).
          const now = await this.attachments.usage(caseId, tx, true);
          if (now.count >= limits.maxFilesPerCase) throw tooMany(limits.maxFilesPerCase);
          if (now.bytes + size > limits.maxCaseBytes) throw caseFull(limits.maxCaseBytes);
          await this.attachments.insert(row, tx);
        });
      } catch (error) {
        // Bytes this upload brought in that no row names are removed; bytes another row shares stay.
        if (created && !(await this.attachments.isReferenced(sha256))) await this.store.remove(sha256);
        throw error;
      }
      return toAttachmentView({ ...row, uploader: actorOf(user) });
    } finally {
      await rm(staged, { force: true });
    }
  }

  // ---------------------------------------------------------------- reads

  async list(user: AuthUser, caseId: string): Promise<AttachmentList> {
    const record = await this.cases.visibleRecord(user, caseId);
    const items = await this.attachments.listByCase(caseId);
    const { maxFileBytes, maxCaseBytes, maxFilesPerCase } = this.config.attachments;
    return {
      items: items.map(toAttachmentView),
      totalBytes: items.reduce((sum, a) => sum + a.size, 0),
      canUpload: await this.mayAttach(user, record),
      limits: { maxFileBytes, maxCaseBytes, maxFilesPerCase },
    };
  }

  /** The file, whole or the range asked for, to anyone who may see its case (404 to anyone else). */
  async download(user: AuthUser, id: string, headers: { range?: string; ifRange?: string; ifNoneMatch?: string }): Promise<AttachmentDownload> {
    const attachment = await this.visibleAttachment(user, id);
    const size = await this.store.size(attachment.sha256);
    if (size === null || size !== attachment.size) {
      throw new DomainError(
        ErrorCode.Conflict,
        `The stored bytes of ${attachment.name} are ${size === null ? 'missing' : 'not the ones uploaded'}: see GET /api/v1/cases/${attachment.caseId}/history/verify`,
      );
    }
    const etag = `"${attachment.sha256}"`;
    const common: Record<string, string> = {
      ETag: etag,
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'private, no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    };
    if (headers.ifNoneMatch !== undefined && headers.ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
      return { status: 304, headers: common, body: null };
    }
    const file = { ...common, 'Content-Type': attachment.contentType, 'Content-Disposition': contentDisposition(attachment.name) };
    // A range only applies to the bytes the client already has part of (If-Range names their ETag).
    const range = headers.ifRange === undefined || headers.ifRange.trim() === etag ? parseByteRange(headers.range, size) : null;
    if (range === 'unsatisfiable') {
      throw new DomainError(ErrorCode.RangeNotSatisfiable, `The file has ${size} bytes: the range ${headers.range} is outside it`, { size });
    }
    if (range) {
      return {
        status: 206,
        headers: { ...file, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(range.end - range.start + 1) },
        body: this.store.open(attachment.sha256, range),
      };
    }
    return { status: 200, headers: { ...file, 'Content-Length': String(size) }, body: this.store.open(attachment.sha256) };
  }

  private async visibleAttachment(user: AuthUser, id: string): Promise<AttachmentRecord> {
    const attachment = isUuid(id) ? await this.attachments.findById(id) : null;
    if (!attachment) throw DomainError.notFound('Attachment');
    try {
      await this.cases.visibleRecord(user, attachment.caseId);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NotFound) throw DomainError.notFound('Attachment');
      throw error;
    }
    return attachment;
  }

  /** Who may upload: who may now send an event that can carry attachments (ATTACHING_EVENTS). */
  private async mayAttach(user: AuthUser, record: CaseRecord): Promise<boolean> {
    const policy = await this.policies.policyFor(record.regionCode);
    return allowedEventsFor(record, user, this.clock.now(), limitsOf(policy)).some((event) => ATTACHING_EVENTS.includes(event));
  }

  private notNow(record: CaseRecord): DomainError {
    return DomainError.forbidden(
      `Only who may now send ${ATTACHING_EVENTS.join(', ')} may attach files to this case (it is ${record.stateDetail}): the lead unit or a co-unit while rectifying, the inspector while verifying or at a revisit`,
    );
  }

  // ---------------------------------------------------------------- the case engine's side (EvidenceFileProvider)

  async resolve(caseId: string, ids: readonly string[], tx: SqlExecutor): Promise<EvidenceFileRef[]> {
    const found = new Map((await this.attachments.byIds(caseId, ids, tx)).map((a) => [a.id, a]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw DomainError.validation(`Not attachments of this case: ${missing.join(', ')} (upload them with POST /api/v1/cases/${caseId}/attachments first)`, { missing });
    }
    return ids.map((id) => {
      const a = found.get(id)!;
      return { id: a.id, name: a.name, contentType: a.contentType, size: a.size, sha256: a.sha256 };
    });
  }

  async verify(caseId: string, events: ReadonlyArray<{ seq: number; payload: Record<string, unknown> }>): Promise<{ checked: number; problems: EvidenceFileProblem[] }> {
    const recorded = events.flatMap((event) =>
      Array.isArray(event.payload.attachments) ? (event.payload.attachments as EvidenceFileRef[]).map((ref) => ({ seq: event.seq, ref })) : [],
    );
    if (recorded.length === 0) return { checked: 0, problems: [] };
    const rows = new Map((await this.attachments.listByCase(caseId)).map((a) => [a.id, a]));
    const blobs = new Map<string, 'ok' | 'missing' | 'altered'>();
    const problems: EvidenceFileProblem[] = [];
    for (const { seq, ref } of recorded) {
      const row = rows.get(ref.id);
      let state: 'ok' | 'missing' | 'altered';
      if (!row) state = 'missing';
      else if (row.sha256 !== ref.sha256 || row.size !== ref.size) state = 'altered';
      else {
        let blob = blobs.get(ref.sha256);
        if (!blob) blobs.set(ref.sha256, (blob = await this.checkBlob(ref.sha256)));
        state = blob;
      }
      if (state !== 'ok') problems.push({ seq, attachmentId: ref.id, name: ref.name, sha256: ref.sha256, problem: state });
    }
    return { checked: recorded.length, problems };
  }

  private async checkBlob(sha256: string): Promise<'ok' | 'missing' | 'altered'> {
    if ((await this.store.size(sha256)) === null) return 'missing';
    try {
      return (await sha256Of(this.store.open(sha256))) === sha256 ? 'ok' : 'altered';
    } catch {
      return 'missing';
    }
  }
}

function tooMany(max: number): DomainError {
  return new DomainError(ErrorCode.Conflict, `A case holds at most ${max} files, and this one is full`, { maxFilesPerCase: max });
}

function caseFull(maxCaseBytes: number): DomainError {
  return new DomainError(ErrorCode.PayloadTooLarge, `A case holds at most ${mib(maxCaseBytes)} of files: this one would not fit`, { maxCaseBytes });
}

function fileTooLarge(maxFileBytes: number): DomainError {
  return new DomainError(ErrorCode.PayloadTooLarge, `A file may have at most ${mib(maxFileBytes)}`, { maxFileBytes });
}

/** A body that is not readable multipart (or was cut off): 413 for the parser's own limits, else 400. */
function unreadable(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const e = error as { statusCode?: number; message?: string };
  if (e?.statusCode === 413) return new DomainError(ErrorCode.PayloadTooLarge, `The form has too many parts or fields: send one file in a part named "file"`);
  return DomainError.validation(`The multipart body could not be read (${e?.message ?? 'unknown error'}): send one file in a part named "file"`);
}
