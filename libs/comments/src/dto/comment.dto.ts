import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { ActorRef, IntRange, PageOf, Text, UUID_PATTERN } from '@rectify/core';

/** The longest comment (characters, after trimming). */
export const MAX_COMMENT_LENGTH = 5000;
/** The most users plus the most units one comment may mention (each). */
export const MAX_MENTIONS = 20;

const MentionIds = (what: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_MENTIONS, description: `${what} to notify (each must be able to see the case)` }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_MENTIONS),
    ArrayUnique(),
    Matches(UUID_PATTERN, { each: true, message: 'each value in $property must be a UUID' }),
  );

export class CommentMentionsDto {
  @MentionIds('users')
  userIds?: string[];

  @MentionIds('units (every user of the unit is notified)')
  unitIds?: string[];
}

export class CreateCommentDto {
  @Text({ max: MAX_COMMENT_LENGTH, description: 'the comment (plain text, line breaks kept)', example: '请于本周五前补充现场照片。' })
  body: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'an internal note (内部备注): written and seen by supervisors and inspectors only' })
  @IsOptional()
  @IsBoolean()
  internal?: boolean;

  @ApiPropertyOptional({ type: CommentMentionsDto, description: '@mentions: users and units who can see the case' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CommentMentionsDto)
  mentions?: CommentMentionsDto;
}

export class EditCommentDto {
  @Text({ max: MAX_COMMENT_LENGTH, description: 'the new text (the earlier ones stay readable as revisions)', example: '请于本周五前补充现场照片和监测报告。' })
  body: string;

  @ApiPropertyOptional({ type: CommentMentionsDto, description: 'more @mentions (those already mentioned are not notified again)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CommentMentionsDto)
  mentions?: CommentMentionsDto;
}

export class CommentQuery {
  @IntRange(1, 1_000_000, { optional: true })
  page?: number;

  @IntRange(1, 100, { optional: true, description: 'default 50' })
  pageSize?: number;
}

export class MentionedUser {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'jx-bureau' }) username: string;
  @ApiProperty({ example: '九江市生态环境局用户' }) displayName: string;
}

export class MentionedUnit {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '九江市生态环境局' }) name: string;
}

export class CommentMentions {
  @ApiProperty({ type: [MentionedUser] }) users: MentionedUser[];
  @ApiProperty({ type: [MentionedUnit] }) units: MentionedUnit[];
}

export class CommentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: ActorRef }) author: ActorRef;
  @ApiProperty({ description: 'the latest text' }) body: string;
  @ApiProperty({ description: 'an internal note (内部备注), seen by supervisors and inspectors only' }) internal: boolean;
  @ApiProperty({ type: 'integer', minimum: 1, description: '1 + the number of edits' }) revision: number;
  @ApiProperty({ description: 'edited at least once (已编辑): GET …/revisions has every text' }) edited: boolean;
  @ApiProperty({ type: CommentMentions }) mentions: CommentMentions;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'when the latest text was written' }) updatedAt: string;
  @ApiProperty({ description: 'the caller wrote it and may edit it' }) editable: boolean;
}

export const CommentPage = PageOf(CommentView, 'CommentPage');

export class CommentRevision {
  @ApiProperty({ type: 'integer', minimum: 1 }) revision: number;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'its row in the case history (GET /cases/:id/history)' }) historySeq: number;
}

export class CommentRevisionList {
  @ApiProperty({ type: [CommentRevision], description: 'oldest first; the last is the current text' }) items: CommentRevision[];
}

export class MentionCandidates {
  @ApiProperty({ type: [MentionedUser], description: 'users who can see the case (internal notes: supervisors and inspectors only)' }) users: MentionedUser[];
  @ApiProperty({ type: [MentionedUnit], description: 'the case’s lead and co-units' }) units: MentionedUnit[];
}
