import { Inject, Injectable } from '@nestjs/common';
import { toIso } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';

/** One comment as stored: its latest text and who it mentions (accumulated over edits). */
export interface CommentRecord {
  id: string;
  caseId: string;
  authorId: string;
  authorUsername: string;
  authorRole: string;
  authorUnitId: string | null;
  internal: boolean;
  body: string;
  revision: number;
  mentions: { userIds: string[]; unitIds: string[] };
  createdAt: string;
  updatedAt: string;
}

export interface RevisionRecord {
  revision: number;
  body: string;
  at: string;
  historySeq: number;
}

type Row = Record<string, unknown>;

function fromRow(r: Row): CommentRecord {
  return {
    id: String(r.id),
    caseId: String(r.case_id),
    authorId: String(r.author_id),
    authorUsername: String(r.author_username),
    authorRole: String(r.author_role),
    authorUnitId: r.author_unit_id === null || r.author_unit_id === undefined ? null : String(r.author_unit_id),
    internal: Number(r.internal) === 1,
    body: String(r.body),
    revision: Number(r.revision),
    mentions: JSON.parse(String(r.mentions)) as CommentRecord['mentions'],
    createdAt: toIso(r.created_at as string)!,
    updatedAt: toIso(r.updated_at as string)!,
  };
}

/** Every query on case_comments and case_comment_revisions. */
@Injectable()
export class CommentRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async page(caseId: string, withInternal: boolean, limit: number, offset: number): Promise<{ items: CommentRecord[]; total: number }> {
    const where = `case_id = ?${withInternal ? '' : ' AND internal = 0'}`;
    const [rows, total] = await Promise.all([
      this.db.all<Row>(`SELECT * FROM case_comments WHERE ${where} ORDER BY history_seq LIMIT ? OFFSET ?`, [caseId, limit, offset]),
      this.db.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM case_comments WHERE ${where}`, [caseId]),
    ]);
    return { items: rows.map(fromRow), total: Number(total?.n ?? 0) };
  }

  async find(caseId: string, id: string, tx: SqlExecutor = this.db): Promise<CommentRecord | undefined> {
    const row = await tx.one<Row>('SELECT * FROM case_comments WHERE id = ? AND case_id = ?', [id, caseId]);
    return row ? fromRow(row) : undefined;
  }

  async revisions(id: string): Promise<RevisionRecord[]> {
    const rows = await this.db.all<Row>('SELECT revision, body, at, history_seq FROM case_comment_revisions WHERE comment_id = ? ORDER BY revision', [id]);
    return rows.map((r) => ({ revision: Number(r.revision), body: String(r.body), at: toIso(r.at as string)!, historySeq: Number(r.history_seq) }));
  }

  async insert(tx: SqlExecutor, c: CommentRecord, historySeq: number): Promise<void> {
    await tx.run(
      `INSERT INTO case_comments (id, case_id, author_id, author_username, author_role, author_unit_id, internal, body, revision, mentions, history_seq, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [c.id, c.caseId, c.authorId, c.authorUsername, c.authorRole, c.authorUnitId, c.internal ? 1 : 0, c.body, c.revision, JSON.stringify(c.mentions), historySeq, c.createdAt, c.updatedAt],
    );
    await this.insertRevision(tx, c.id, { revision: c.revision, body: c.body, at: c.updatedAt, historySeq });
  }

  /** An edit: the new latest text, guarded by the revision the caller read (two edits racing: one wins). */
  async update(tx: SqlExecutor, c: CommentRecord, previousRevision: number, historySeq: number): Promise<boolean> {
    const changed = await tx.run('UPDATE case_comments SET body = ?, revision = ?, mentions = ?, updated_at = ? WHERE id = ? AND revision = ?', [
      c.body,
      c.revision,
      JSON.stringify(c.mentions),
      c.updatedAt,
      c.id,
      previousRevision,
    ]);
    if (changed !== 1) return false;
    await this.insertRevision(tx, c.id, { revision: c.revision, body: c.body, at: c.updatedAt, historySeq });
    return true;
  }

  private async insertRevision(tx: SqlExecutor, commentId: string, r: RevisionRecord): Promise<void> {
    await tx.run('INSERT INTO case_comment_revisions (comment_id, revision, body, at, history_seq) VALUES (?, ?, ?, ?, ?)', [commentId, r.revision, r.body, r.at, r.historySeq]);
  }
}
