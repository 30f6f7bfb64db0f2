import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode, isUuid, newId } from '@rectify/core';
import { Database } from '@rectify/database';
import { CaseRepository, CaseWorkflowService, type CaseRecord } from '@rectify/cases';
import { IdentityRepository, RegionTreeService, type AuthUser, type Unit, type UserRecord } from '@rectify/identity';
import { NotificationKind, NotificationsService, unitRecipient, userRecipient, type PlannedNotification } from '@rectify/notifications';
import { Role } from '@rectify/workflows';
import { CommentRepository, type CommentRecord } from './comment.repository.js';
import type {
  CommentMentionsDto,
  CommentQuery,
  CommentRevisionList,
  CommentView,
  CreateCommentDto,
  EditCommentDto,
  MentionCandidates,
} from './dto/comment.dto.js';

/** Internal notes (内部备注) are written and read by these roles only. */
const INTERNAL_ROLES: readonly string[] = [Role.Supervisor, Role.Inspector];
export const seesInternalNotes = (user: { role: string }): boolean => INTERNAL_ROLES.includes(user.role);

const DEFAULT_PAGE_SIZE = 50;
const QUOTE_CHARS = 60;

interface ResolvedMentions {
  users: UserRecord[];
  units: Unit[];
  /** Each mentioned user's visibility, worked out before the transaction (pure checks inside it). */
  contexts: Map<string, Awaited<ReturnType<CaseWorkflowService['callerContext']>>>;
}

const authUserOf = (u: UserRecord): AuthUser => ({ id: u.id, username: u.username, role: u.role, regionCode: u.regionCode, unitId: u.unitId });

/**
 * Comments on a case (docs/comments.md): a thread for whoever may see the case, internal notes for
 * supervisors and inspectors, edits that keep every revision, @mentions that notify. Each comment and
 * each edit is a row of the case's tamper-evident history, written in the same transaction (the case's
 * version and state do not change: comments never conflict with a transition).
 */
@Injectable()
export class CommentsService {
  constructor(
    @Inject(CommentRepository) private readonly comments: CommentRepository,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseWorkflowService) private readonly workflow: CaseWorkflowService,
    @Inject(IdentityRepository) private readonly identity: IdentityRepository,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The case if the caller may see it, else 404 (the rule of GET /cases/:id). */
  private async visibleCase(user: AuthUser, caseId: string, tx = this.db as Parameters<CaseRepository['findById']>[1], lock = false): Promise<CaseRecord> {
    if (!isUuid(caseId)) throw DomainError.notFound('Case');
    const record = await this.cases.findById(caseId, tx, { lock });
    if (!record || !CaseWorkflowService.isVisible(record, await this.workflow.callerContext(user))) throw DomainError.notFound('Case');
    return record;
  }

  async list(user: AuthUser, caseId: string, query: CommentQuery) {
    await this.visibleCase(user, caseId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { items, total } = await this.comments.page(caseId, seesInternalNotes(user), pageSize, (page - 1) * pageSize);
    return { items: await this.views(user, items), total, page, pageSize };
  }

  async revisions(user: AuthUser, caseId: string, commentId: string): Promise<CommentRevisionList> {
    await this.visibleCase(user, caseId);
    await this.visibleComment(user, caseId, commentId);
    return { items: await this.comments.revisions(commentId) };
  }

  /** Who the caller may @mention on this case (the picker). */
  async candidates(user: AuthUser, caseId: string, internal: boolean): Promise<MentionCandidates> {
    const record = await this.visibleCase(user, caseId);
    const regionCodes = (await this.regions.ancestry(record.regionCode)).map((r) => r.code);
    const officials = (await this.identity.users(regionCodes)).filter((u) => u.role !== Role.Bureau);
    const unitIds = [record.leadUnitId, ...record.coUnitIds].filter((id): id is string => id !== null);
    const units = internal ? [] : await this.identity.unitsByIds(unitIds);
    const bureauUsers = internal || units.length === 0 ? [] : (await this.identity.users([...new Set(units.map((u) => u.regionCode))])).filter((u) => u.unitId !== null && unitIds.includes(u.unitId));
    const users: UserRecord[] = [];
    for (const u of [...officials, ...bureauUsers]) {
      if (u.disabledAt || u.id === user.id) continue;
      if (internal && !seesInternalNotes(u)) continue;
      if (CaseWorkflowService.isVisible(record, await this.workflow.callerContext(authUserOf(u)))) users.push(u);
    }
    return {
      users: users.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName })),
      units: units.map((u) => ({ id: u.id, name: u.name })),
    };
  }

  async add(user: AuthUser, caseId: string, dto: CreateCommentDto): Promise<CommentView> {
    await this.visibleCase(user, caseId);
    const internal = dto.internal === true;
    if (internal && !seesInternalNotes(user)) throw DomainError.forbidden('Only supervisors and inspectors may write internal notes');
    const mentions = await this.resolveMentions(dto.mentions);
    const at = this.clock.now().toISOString();
    const comment: CommentRecord = {
      id: newId(),
      caseId,
      authorId: user.id,
      authorUsername: user.username,
      authorRole: user.role,
      authorUnitId: user.unitId,
      internal,
      body: dto.body,
      revision: 1,
      mentions: { userIds: mentions.users.map((u) => u.id), unitIds: mentions.units.map((u) => u.id) },
      createdAt: at,
      updatedAt: at,
    };
    await this.db.write(async (tx) => {
      const record = await this.visibleCase(user, caseId, tx, true);
      this.checkMentionsSee(record, mentions, internal);
      const seq = await this.workflow.appendNote(tx, record, { kind: 'user', user }, 'COMMENT_ADDED', {
        commentId: comment.id,
        body: comment.body,
        internal,
        mentions: comment.mentions,
      });
      await this.comments.insert(tx, comment, seq);
      await this.notifications.insertInTransaction(tx, this.mentionNotifications(record, comment, user, mentions), at);
    });
    return (await this.views(user, [comment]))[0]!;
  }

  async edit(user: AuthUser, caseId: string, commentId: string, dto: EditCommentDto): Promise<CommentView> {
    await this.visibleCase(user, caseId);
    const current = await this.visibleComment(user, caseId, commentId);
    if (current.authorId !== user.id) throw DomainError.forbidden('Only the author may edit a comment');
    const mentions = await this.resolveMentions(dto.mentions);
    const at = this.clock.now().toISOString();
    const added = {
      users: mentions.users.filter((u) => !current.mentions.userIds.includes(u.id)),
      units: mentions.units.filter((u) => !current.mentions.unitIds.includes(u.id)),
      contexts: mentions.contexts,
    };
    if (dto.body === current.body && added.users.length === 0 && added.units.length === 0) {
      throw DomainError.validation('The edit changes nothing: give a different body or new mentions');
    }
    const next: CommentRecord = {
      ...current,
      body: dto.body,
      revision: current.revision + 1,
      mentions: { userIds: [...current.mentions.userIds, ...added.users.map((u) => u.id)], unitIds: [...current.mentions.unitIds, ...added.units.map((u) => u.id)] },
      updatedAt: at,
    };
    await this.db.write(async (tx) => {
      const record = await this.visibleCase(user, caseId, tx, true);
      this.checkMentionsSee(record, added, current.internal);
      const seq = await this.workflow.appendNote(tx, record, { kind: 'user', user }, 'COMMENT_EDITED', {
        commentId,
        revision: next.revision,
        body: next.body,
        internal: current.internal,
        mentions: { userIds: added.users.map((u) => u.id), unitIds: added.units.map((u) => u.id) },
      });
      if (!(await this.comments.update(tx, next, current.revision, seq))) {
        throw new DomainError(ErrorCode.VersionConflict, 'The comment was edited concurrently: reload it and try again');
      }
      await this.notifications.insertInTransaction(tx, this.mentionNotifications(record, next, user, added), at);
    });
    return (await this.views(user, [next]))[0]!;
  }

  /** A comment of this case the caller may see (internal notes: 404 to others). */
  private async visibleComment(user: AuthUser, caseId: string, commentId: string): Promise<CommentRecord> {
    const found = isUuid(commentId) ? await this.comments.find(caseId, commentId) : undefined;
    if (!found || (found.internal && !seesInternalNotes(user))) throw DomainError.notFound('Comment');
    return found;
  }

  /** Unknown ids are a 400 naming them. */
  private async resolveMentions(dto: CommentMentionsDto | undefined): Promise<ResolvedMentions> {
    const userIds = dto?.userIds ?? [];
    const unitIds = dto?.unitIds ?? [];
    const users: UserRecord[] = [];
    const unknownUsers: string[] = [];
    for (const id of userIds) {
      const u = await this.identity.userById(id);
      if (u && !u.disabledAt) users.push(u);
      else unknownUsers.push(id);
    }
    const units = unitIds.length > 0 ? await this.identity.unitsByIds(unitIds) : [];
    const unknownUnits = unitIds.filter((id) => !units.some((u) => u.id === id));
    if (unknownUsers.length > 0) throw DomainError.validation(`mentions.userIds: no such user ${unknownUsers.join(', ')}`);
    if (unknownUnits.length > 0) throw DomainError.validation(`mentions.unitIds: no such unit ${unknownUnits.join(', ')}`);
    const contexts: ResolvedMentions['contexts'] = new Map();
    for (const u of users) contexts.set(u.id, await this.workflow.callerContext(authUserOf(u)));
    return { users, units, contexts };
  }

  /** Everyone mentioned must be able to see the case (and, for an internal note, internal notes): else a 400 naming them. */
  private checkMentionsSee(record: CaseRecord, m: ResolvedMentions, internal: boolean): void {
    const blind = [
      ...m.users.filter((u) => !CaseWorkflowService.isVisible(record, m.contexts.get(u.id)!) || (internal && !seesInternalNotes(u))).map((u) => `user ${u.username}`),
      ...m.units.filter((u) => internal || (record.leadUnitId !== u.id && !record.coUnitIds.includes(u.id))).map((u) => `unit ${u.name}`),
    ];
    if (blind.length > 0) {
      throw DomainError.validation(`Mentioned ${blind.join(', ')} cannot see ${internal ? 'this internal note' : 'this case'}`);
    }
  }

  /** One notification per (recipient, comment): the unique (recipient, cause) index makes a second one a no-op. */
  private mentionNotifications(record: CaseRecord, comment: CommentRecord, author: AuthUser, m: { users: UserRecord[]; units: Unit[] }): PlannedNotification[] {
    const quote = comment.body.length > QUOTE_CHARS ? `${comment.body.slice(0, QUOTE_CHARS)}…` : comment.body;
    const base = { cause: `comment:${comment.id}`, kind: NotificationKind.Mentioned, caseId: record.id, caseCode: record.code, actorId: author.id };
    const note = comment.internal ? '内部备注' : '讨论';
    return [
      ...m.users.map((u) => ({ ...base, recipient: userRecipient(u.id), message: `${author.username} 在问题 ${record.code} 的${note}中提到了您：${quote}` })),
      ...m.units.map((u) => ({ ...base, recipient: unitRecipient(u.id), message: `${author.username} 在问题 ${record.code} 的${note}中提到了本单位：${quote}` })),
    ];
  }

  private async views(user: AuthUser, items: CommentRecord[]): Promise<CommentView[]> {
    const userIds = [...new Set(items.flatMap((c) => c.mentions.userIds))];
    const unitIds = [...new Set(items.flatMap((c) => c.mentions.unitIds))];
    const users = new Map<string, UserRecord>();
    for (const id of userIds) {
      const u = await this.identity.userById(id);
      if (u) users.set(id, u);
    }
    const units = new Map((unitIds.length > 0 ? await this.identity.unitsByIds(unitIds) : []).map((u) => [u.id, u]));
    return items.map((c) => ({
      id: c.id,
      caseId: c.caseId,
      author: { id: c.authorId, username: c.authorUsername, role: c.authorRole, unitId: c.authorUnitId },
      body: c.body,
      internal: c.internal,
      revision: c.revision,
      edited: c.revision > 1,
      mentions: {
        users: c.mentions.userIds.flatMap((id) => {
          const u = users.get(id);
          return u ? [{ id, username: u.username, displayName: u.displayName }] : [];
        }),
        units: c.mentions.unitIds.flatMap((id) => {
          const u = units.get(id);
          return u ? [{ id, name: u.name }] : [];
        }),
      },
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      editable: c.authorId === user.id,
    }));
  }
}
