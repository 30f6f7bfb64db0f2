import { Inject, Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@rectify/database';
import { ATTACHMENT_COLUMNS, attachmentFromRow, type AttachmentRecord } from './attachment-record.js';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Every query on `attachments`. */
@Injectable()
export class AttachmentRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async findById(id: string): Promise<AttachmentRecord | null> {
    const row = await this.db.one(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by WHERE a.id = ?`, [id]);
    return row ? attachmentFromRow(row) : null;
  }

  async listByCase(caseId: string): Promise<AttachmentRecord[]> {
    const rows = await this.db.all(
      `SELECT ${ATTACHMENT_COLUMNS} FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by WHERE a.case_id = ? ORDER BY a.uploaded_at, a.id`,
      [caseId],
    );
    return rows.map(attachmentFromRow);
  }

  async byIds(caseId: string, ids: readonly string[], tx: SqlExecutor = this.db): Promise<AttachmentRecord[]> {
    if (ids.length === 0) return [];
    const rows = await tx.all(
      `SELECT ${ATTACHMENT_COLUMNS} FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by WHERE a.case_id = ? AND a.id IN (${placeholders(ids.length)})`,
      [caseId, ...ids],
    );
    return rows.map(attachmentFromRow);
  }

  /** How many files and bytes a case holds; on PostgreSQL the case row is locked first, so concurrent uploads to one case queue. */
  async usage(caseId: string, tx: SqlExecutor = this.db, lock = false): Promise<{ count: number; bytes: number }> {
    if (lock && tx.dialect === 'postgres') await tx.one('SELECT id FROM cases WHERE id = ? FOR UPDATE', [caseId]);
    const row = await tx.one<{ n: number | string; total: number | string | null }>(
      'SELECT COUNT(*) AS n, COALESCE(SUM(size_bytes), 0) AS total FROM attachments WHERE case_id = ?',
      [caseId],
    );
    return { count: Number(row?.n ?? 0), bytes: Number(row?.total ?? 0) };
  }

  async insert(record: Omit<AttachmentRecord, 'uploader'>, tx: SqlExecutor): Promise<void> {
    await tx.run(
      'INSERT INTO attachments (id, case_id, name, content_type, size_bytes, sha256, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [record.id, record.caseId, record.name, record.contentType, record.size, record.sha256, record.uploadedBy, record.uploadedAt],
    );
  }

  async isReferenced(sha256: string): Promise<boolean> {
    return (await this.db.one('SELECT 1 AS x FROM attachments WHERE sha256 = ? LIMIT 1', [sha256])) !== undefined;
  }
}
