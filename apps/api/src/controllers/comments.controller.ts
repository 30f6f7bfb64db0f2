import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ApiOp } from '@rectify/core';
import { CommentPage, CommentQuery, CommentRevisionList, CommentsService, CommentView, CreateCommentDto, EditCommentDto, MentionCandidates } from '@rectify/comments';
import { CurrentUser, type AuthUser } from '@rectify/identity';

export class MentionCandidatesQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: for an internal note (supervisors and inspectors only, no units)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  internal?: 'true' | 'false';
}

@ApiTags('comments')
@ApiBearerAuth()
@Controller('cases/:id/comments')
export class CommentsController {
  constructor(@Inject(CommentsService) private readonly comments: CommentsService) {}

  @Get()
  @ApiOp({
    summary: 'A case’s comments (讨论)',
    description:
      'The thread, oldest first, to whoever may see the case (404 to others). Internal notes (内部备注) are in it only for supervisors and inspectors. Each comment shows its latest text; `edited` says it has earlier revisions. Default pageSize 50, at most 100.',
    ok: CommentPage,
    errors: [404],
  })
  list(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: CommentQuery) {
    return this.comments.list(user, id, query);
  }

  @Post()
  @ApiOp({
    summary: 'Comment on a case',
    description:
      'Anyone who may see the case may comment; only supervisors and inspectors may write an internal note (`internal: true`, else 403). @mentions (`mentions.userIds`, `mentions.unitIds`) notify each user and unit once; a mention of an unknown id, or of someone who cannot see the case (or the internal note), is a 400 naming them. The comment is appended to the case’s history chain (COMMENT_ADDED); the case’s version and state do not change.',
    ok: CommentView,
    status: 201,
    errors: [403, 404, 409, 413],
  })
  add(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: CreateCommentDto) {
    return this.comments.add(user, id, body);
  }

  @Get('mentionable')
  @ApiOp({
    summary: 'Who may be @mentioned on this case',
    description: 'Users who can see the case (but the caller) and the case’s lead and co-units; with `internal=true` only supervisors and inspectors. 404 when the caller may not see the case.',
    ok: MentionCandidates,
    errors: [404],
  })
  mentionable(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: MentionCandidatesQuery) {
    return this.comments.candidates(user, id, query.internal === 'true');
  }

  @Patch(':commentId')
  @ApiOp({
    summary: 'Edit your comment',
    description:
      'Only its author may edit a comment (403). The edit is a new revision: the earlier texts stay readable (GET …/revisions) and in the history chain (COMMENT_EDITED). New mentions notify those not mentioned before. 404 for a comment the caller may not see; 409 when another edit got there first.',
    ok: CommentView,
    errors: [403, 404, 409, 413],
  })
  edit(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('commentId') commentId: string, @Body() body: EditCommentDto) {
    return this.comments.edit(user, id, commentId, body);
  }

  @Get(':commentId/revisions')
  @ApiOp({
    summary: 'Every text a comment has had',
    description: 'Oldest first; the last is the current text. 404 for a comment (or case) the caller may not see.',
    ok: CommentRevisionList,
    errors: [404],
  })
  revisions(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('commentId') commentId: string) {
    return this.comments.revisions(user, id, commentId);
  }
}
