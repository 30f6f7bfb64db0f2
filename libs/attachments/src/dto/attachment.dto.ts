import { ApiProperty } from '@nestjs/swagger';
import { ActorRef } from '@rectify/core';
import type { AttachmentRecord } from '../attachment-record.js';

export class AttachmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ description: 'the name the uploader gave (without any path)', example: '整改后现场照片.jpg' }) name: string;
  @ApiProperty({ description: 'the type the bytes show, not the one the client declared', example: 'image/jpeg' }) contentType: string;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex; also the download ETag', example: 'e3b0c442…' }) sha256: string;
  @ApiProperty({ type: ActorRef, description: 'who uploaded it (the actor shape of the history)' }) uploadedBy: ActorRef;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
  @ApiProperty({ description: 'GET this path (with the token) to download', example: '/api/v1/attachments/…' }) downloadPath: string;
}

export class AttachmentLimitsView {
  @ApiProperty() maxFileBytes: number;
  @ApiProperty() maxCaseBytes: number;
  @ApiProperty() maxFilesPerCase: number;
}

export class AttachmentList {
  @ApiProperty({ type: [AttachmentView] }) items: AttachmentView[];
  @ApiProperty({ description: 'bytes of all the case\'s files' }) totalBytes: number;
  @ApiProperty({ description: 'whether the caller may upload to this case now (docs/attachments.md)' }) canUpload: boolean;
  @ApiProperty({ type: AttachmentLimitsView }) limits: AttachmentLimitsView;
}

export function toAttachmentView(record: AttachmentRecord): AttachmentView {
  return {
    id: record.id,
    caseId: record.caseId,
    name: record.name,
    contentType: record.contentType,
    size: record.size,
    sha256: record.sha256,
    uploadedBy: record.uploader,
    uploadedAt: record.uploadedAt,
    downloadPath: `/api/v1/attachments/${record.id}`,
  };
}
