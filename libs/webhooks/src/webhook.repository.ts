import { Inject, Injectable } from '@nestjs/common';
import { toIso } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import { DeliveryStatus, WebhookStatus, type WebhookFormat } from './webhook-event-type.js';

export interface EndpointRecord {
  id: string;
  url: string;
  events: string[];
  format: WebhookFormat;
  secret: string | null;
  regionCode: string;
  description: string | null;
  status: WebhookStatus;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewDelivery {
  id: string;
  endpointId: string;
  eventKey: string;
  eventType: string;
  caseId: string;
  payload: string;
}

export interface DeliveryRecord {
  id: string;
  endpointId: string;
  eventType: string;
  caseId: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  replayBase: number;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  deadAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
}

/** A delivery claimed for one attempt. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  payload: string;
  attempt: number;
  replayBase: number;
}

export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  startedAt: string;
  latencyMs: number;
  statusCode: number | null;
  outcome: 'delivered' | 'failed' | 'timeout' | 'refused';
  error: string | null;
}

/** The outcome of one attempt and what it does to its delivery. */
export interface AttemptResult extends AttemptRecord {
  next: { status: DeliveryStatus.Delivered; at: string } | { status: DeliveryStatus.Pending; nextAttemptAt: string } | { status: DeliveryStatus.Dead; at: string };
}

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const CHUNK_ROWS = 50;

function endpointFromRow(r: Row): EndpointRecord {
  return {
    id: String(r.id),
    url: String(r.url),
    events: JSON.parse(String(r.events)) as string[],
    format: String(r.format) as WebhookFormat,
    secret: str(r.secret),
    regionCode: String(r.region_code),
    description: str(r.description),
    status: String(r.status) as WebhookStatus,
    createdBy: str(r.created_by),
    createdAt: toIso(r.created_at as string)!,
    updatedAt: toIso(r.updated_at as string)!,
  };
}

function deliveryFromRow(r: Row): DeliveryRecord {
  return {
    id: String(r.id),
    endpointId: String(r.endpoint_id),
    eventType: String(r.event_type),
    caseId: String(r.case_id),
    payload: String(r.payload),
    status: String(r.status) as DeliveryStatus,
    attempts: Number(r.attempts),
    replayBase: Number(r.replay_base),
    nextAttemptAt: toIso(r.next_attempt_at as string),
    createdAt: toIso(r.created_at as string)!,
    deliveredAt: toIso(r.delivered_at as string),
    deadAt: toIso(r.dead_at as string),
    lastStatusCode: numOrNull(r.last_status_code),
    lastError: str(r.last_error),
  };
}

/** Every query on webhook endpoints, the outbox and its attempts. */
@Injectable()
export class WebhookRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  // ------------------------------------------------------------ endpoints

  async insertEndpoint(e: EndpointRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO webhook_endpoints (id, url, events, format, secret, region_code, description, status, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [e.id, e.url, JSON.stringify(e.events), e.format, e.secret, e.regionCode, e.description, e.status, e.createdBy, e.createdAt, e.updatedAt],
    );
  }

  async endpoint(id: string, executor: SqlExecutor = this.db): Promise<EndpointRecord | undefined> {
    const row = await executor.one<Row>('SELECT * FROM webhook_endpoints WHERE id = ?', [id]);
    return row ? endpointFromRow(row) : undefined;
  }

  /** Endpoints of the given regions (null: all), oldest first. */
  async endpoints(regionCodes: readonly string[] | null): Promise<EndpointRecord[]> {
    if (regionCodes !== null && regionCodes.length === 0) return [];
    const where = regionCodes === null ? '' : `WHERE region_code IN (${placeholders(regionCodes.length)})`;
    return (await this.db.all<Row>(`SELECT * FROM webhook_endpoints ${where} ORDER BY created_at, id`, regionCodes ?? [])).map(endpointFromRow);
  }

  /** Inside a transition: the endpoints that receive new events (a small table; one indexed-free scan). */
  async activeEndpoints(tx: SqlExecutor): Promise<Array<{ id: string; events: string[]; regionCode: string }>> {
    const rows = await tx.all<Row>('SELECT id, events, region_code FROM webhook_endpoints WHERE status = ?', [WebhookStatus.Active]);
    return rows.map((r) => ({ id: String(r.id), events: JSON.parse(String(r.events)) as string[], regionCode: String(r.region_code) }));
  }

  async endpointsByIds(ids: readonly string[]): Promise<EndpointRecord[]> {
    if (ids.length === 0) return [];
    return (await this.db.all<Row>(`SELECT * FROM webhook_endpoints WHERE id IN (${placeholders(ids.length)})`, ids)).map(endpointFromRow);
  }

  async setStatus(id: string, status: WebhookStatus, at: string): Promise<void> {
    await this.db.run('UPDATE webhook_endpoints SET status = ?, updated_at = ? WHERE id = ?', [status, at, id]);
  }

  /** The endpoint, its deliveries and their attempts, in one transaction. */
  async deleteEndpoint(id: string): Promise<void> {
    await this.db.write(async (tx) => {
      await tx.run('DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ?)', [id]);
      await tx.run('DELETE FROM webhook_deliveries WHERE endpoint_id = ?', [id]);
      await tx.run('DELETE FROM webhook_endpoints WHERE id = ?', [id]);
    });
  }

  // ------------------------------------------------------------ the outbox

  /** Inside the causing transaction; an (endpoint, event) already queued is skipped. */
  async enqueue(tx: SqlExecutor, rows: readonly NewDelivery[], at: string): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
      const chunk = rows.slice(i, i + CHUNK_ROWS);
      inserted += await tx.run(
        `INSERT INTO webhook_deliveries (id, endpoint_id, event_key, event_type, case_id, payload, status, attempts, replay_base, next_attempt_at, created_at)
         VALUES ${chunk.map(() => `(${placeholders(7)}, 0, 0, ?, ?)`).join(', ')}
         ON CONFLICT (endpoint_id, event_key) DO NOTHING`,
        chunk.flatMap((d) => [d.id, d.endpointId, d.eventKey, d.eventType, d.caseId, d.payload, DeliveryStatus.Pending, at, at]),
      );
    }
    return inserted;
  }

  /** Whether anything is due (a read, so that an idle worker never opens a write transaction). */
  async anyDue(now: string): Promise<boolean> {
    const row = await this.db.one<Row>(
      `SELECT 1 AS due FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = ? AND d.next_attempt_at <= ? AND e.status = ? LIMIT 1`,
      [DeliveryStatus.Pending, now, WebhookStatus.Active],
    );
    return row !== undefined;
  }

  /**
   * Claims up to `limit` due deliveries of active endpoints for one attempt each: the attempt number
   * goes up and the row is not due again before `leaseUntil` (a worker that dies mid-attempt leaves
   * it to be retried then). PostgreSQL: rows another worker is claiming are skipped (SKIP LOCKED);
   * SQLite: the single writer serialises claims.
   */
  async claim(now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
    return this.db.write(async (tx) => {
      const lock = tx.dialect === 'postgres' ? ' FOR UPDATE OF d SKIP LOCKED' : '';
      const rows = await tx.all<Row>(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ?
          WHERE id IN (SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                        WHERE d.status = ? AND d.next_attempt_at <= ? AND e.status = ?
                        ORDER BY d.next_attempt_at LIMIT ?${lock})
          RETURNING id, endpoint_id, payload, attempts, replay_base`,
        [leaseUntil, DeliveryStatus.Pending, now, WebhookStatus.Active, limit],
      );
      return rows.map((r) => ({ id: String(r.id), endpointId: String(r.endpoint_id), payload: String(r.payload), attempt: Number(r.attempts), replayBase: Number(r.replay_base) }));
    });
  }

  /**
   * Records attempts and moves their deliveries on, in one transaction. The update is guarded by the
   * attempt number: a worker whose lease ran out (and whose row was claimed again) changes nothing.
   */
  async record(results: readonly AttemptResult[]): Promise<void> {
    if (results.length === 0) return;
    await this.db.write(async (tx) => {
      for (let i = 0; i < results.length; i += CHUNK_ROWS) {
        const chunk = results.slice(i, i + CHUNK_ROWS);
        await tx.run(
          `INSERT INTO webhook_attempts (delivery_id, attempt, started_at, latency_ms, status_code, outcome, error) VALUES ${chunk.map(() => `(${placeholders(7)})`).join(', ')}
           ON CONFLICT (delivery_id, attempt) DO NOTHING`,
          chunk.flatMap((r) => [r.deliveryId, r.attempt, r.startedAt, r.latencyMs, r.statusCode, r.outcome, r.error]),
        );
      }
      for (const r of results) {
        const n = r.next;
        if (n.status === DeliveryStatus.Delivered) {
          await tx.run(
            `UPDATE webhook_deliveries SET status = ?, delivered_at = ?, next_attempt_at = NULL, last_status_code = ?, last_error = NULL WHERE id = ? AND attempts = ? AND status = ?`,
            [DeliveryStatus.Delivered, n.at, r.statusCode, r.deliveryId, r.attempt, DeliveryStatus.Pending],
          );
        } else if (n.status === DeliveryStatus.Pending) {
          await tx.run(`UPDATE webhook_deliveries SET next_attempt_at = ?, last_status_code = ?, last_error = ? WHERE id = ? AND attempts = ? AND status = ?`, [
            n.nextAttemptAt,
            r.statusCode,
            r.error,
            r.deliveryId,
            r.attempt,
            DeliveryStatus.Pending,
          ]);
        } else {
          await tx.run(
            `UPDATE webhook_deliveries SET status = ?, dead_at = ?, next_attempt_at = NULL, last_status_code = ?, last_error = ? WHERE id = ? AND attempts = ? AND status = ?`,
            [DeliveryStatus.Dead, n.at, r.statusCode, r.error, r.deliveryId, r.attempt, DeliveryStatus.Pending],
          );
        }
      }
    });
  }

  // ------------------------------------------------------------ reading deliveries

  async deliveries(filter: { endpointIds: readonly string[]; status?: DeliveryStatus; limit: number; offset: number }): Promise<{ items: DeliveryRecord[]; total: number }> {
    if (filter.endpointIds.length === 0) return { items: [], total: 0 };
    const clauses = [`endpoint_id IN (${placeholders(filter.endpointIds.length)})`];
    const params: unknown[] = [...filter.endpointIds];
    if (filter.status) {
      clauses.push('status = ?');
      params.push(filter.status);
    }
    const where = `WHERE ${clauses.join(' AND ')}`;
    const [rows, count] = await Promise.all([
      this.db.all<Row>(`SELECT * FROM webhook_deliveries ${where} ORDER BY id DESC LIMIT ? OFFSET ?`, [...params, filter.limit, filter.offset]),
      this.db.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM webhook_deliveries ${where}`, params),
    ]);
    return { items: rows.map(deliveryFromRow), total: Number(count?.n ?? 0) };
  }

  async delivery(id: string): Promise<DeliveryRecord | undefined> {
    const row = await this.db.one<Row>('SELECT * FROM webhook_deliveries WHERE id = ?', [id]);
    return row ? deliveryFromRow(row) : undefined;
  }

  async attempts(deliveryId: string): Promise<AttemptRecord[]> {
    const rows = await this.db.all<Row>('SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt', [deliveryId]);
    return rows.map((r) => ({
      deliveryId: String(r.delivery_id),
      attempt: Number(r.attempt),
      startedAt: toIso(r.started_at as string)!,
      latencyMs: Number(r.latency_ms),
      statusCode: numOrNull(r.status_code),
      outcome: String(r.outcome) as AttemptRecord['outcome'],
      error: str(r.error),
    }));
  }

  /** Dead → pending now, with a fresh series of retries; false when it was not dead. */
  async replay(id: string, now: string): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, replay_base = attempts, dead_at = NULL WHERE id = ? AND status = ?`,
      [DeliveryStatus.Pending, now, id, DeliveryStatus.Dead],
    );
    return changed === 1;
  }
}
