import { Inject, Injectable } from '@nestjs/common';
import { actorColumns, actorFromRow, toIso, type ActorRef } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import type { Role } from '@rectify/workflows';

export type RegionLevel = 'nation' | 'province' | 'city' | 'county';
export const REGION_LEVELS: readonly RegionLevel[] = ['nation', 'province', 'city', 'county'];

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface Unit {
  id: string;
  name: string;
  regionCode: string;
  createdAt: string;
}

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  displayName: string;
  role: Role;
  regionCode: string;
  unitId: string | null;
  createdAt: string;
  /** Bumped by every change that must end the user's sessions; tokens carry the one they were issued at. */
  tokenGeneration: number;
  disabledAt: string | null;
}

/** What the token check needs of a user. */
export interface UserSessionState {
  generation: number;
  disabled: boolean;
}

/** What an account change may set (columns left out are kept). */
export interface AccountChange {
  passwordHash?: string;
  passwordChangedAt?: string;
  disabledAt?: string | null;
  displayName?: string;
  role?: Role;
  regionCode?: string;
  unitId?: string | null;
}

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  region_code: string;
  unit_id: string | null;
  created_at: string | Date;
  token_generation?: number | string | null;
  disabled_at?: string | Date | null;
}

const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  username: row.username,
  passwordHash: row.password_hash,
  displayName: row.display_name,
  role: row.role,
  regionCode: row.region_code,
  unitId: row.unit_id,
  createdAt: toIso(row.created_at)!,
  tokenGeneration: Number(row.token_generation ?? 0),
  disabledAt: toIso(row.disabled_at ?? null),
});

const toUnit = (row: { id: string; name: string; region_code: string; created_at: string | Date }): Unit => ({
  id: row.id,
  name: row.name,
  regionCode: row.region_code,
  createdAt: toIso(row.created_at)!,
});

/** Every query on regions, units and users. */
@Injectable()
export class IdentityRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async allRegions(): Promise<Region[]> {
    const rows = await this.db.all<{ code: string; name: string; level: RegionLevel; parent_code: string | null }>(
      'SELECT code, name, level, parent_code FROM regions ORDER BY code',
    );
    return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code }));
  }

  /** Inserts a region; false when the code is taken. */
  async insertRegion(region: Region, at: string, tx: SqlExecutor = this.db): Promise<boolean> {
    const sql =
      tx.dialect === 'postgres'
        ? 'INSERT INTO regions (code, name, level, parent_code, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING'
        : 'INSERT OR IGNORE INTO regions (code, name, level, parent_code, created_at) VALUES (?, ?, ?, ?, ?)';
    return (await tx.run(sql, [region.code, region.name, region.level, region.parentCode, at])) === 1;
  }

  async units(regionCodes: string[] | null): Promise<Unit[]> {
    if (regionCodes && regionCodes.length === 0) return [];
    const where = regionCodes ? `WHERE region_code IN (${regionCodes.map(() => '?').join(',')})` : '';
    const rows = await this.db.all<{ id: string; name: string; region_code: string; created_at: string }>(
      `SELECT id, name, region_code, created_at FROM units ${where} ORDER BY region_code, name`,
      regionCodes ?? [],
    );
    return rows.map(toUnit);
  }

  async unitsByIds(ids: readonly string[], tx: SqlExecutor = this.db): Promise<Unit[]> {
    if (ids.length === 0) return [];
    const rows = await tx.all<{ id: string; name: string; region_code: string; created_at: string }>(
      `SELECT id, name, region_code, created_at FROM units WHERE id IN (${ids.map(() => '?').join(',')})`,
      [...ids],
    );
    return rows.map(toUnit);
  }

  /** Users as actors (the history's shape), by id; an id with no user is left out. */
  async actorsByIds(ids: readonly string[], tx: SqlExecutor = this.db): Promise<Map<string, ActorRef>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.all<Record<string, unknown>>(
      `SELECT u.id, ${actorColumns('u', 'a_')} FROM users u WHERE u.id IN (${ids.map(() => '?').join(',')})`,
      [...ids],
    );
    return new Map(rows.map((r) => [String(r.id), actorFromRow(r.id, r, 'a_')!]));
  }

  async unitByRegionAndName(regionCode: string, name: string, tx: SqlExecutor = this.db): Promise<Unit | undefined> {
    const row = await tx.one<{ id: string; name: string; region_code: string; created_at: string }>(
      'SELECT id, name, region_code, created_at FROM units WHERE region_code = ? AND name = ?',
      [regionCode, name],
    );
    return row ? toUnit(row) : undefined;
  }

  async insertUnit(unit: Unit, tx: SqlExecutor = this.db): Promise<void> {
    await tx.run('INSERT INTO units (id, name, region_code, created_at) VALUES (?, ?, ?, ?)', [unit.id, unit.name, unit.regionCode, unit.createdAt]);
  }

  async userByUsername(username: string): Promise<UserRecord | undefined> {
    const row = await this.db.one<UserRow>('SELECT * FROM users WHERE username = ?', [username]);
    return row ? toUser(row) : undefined;
  }

  async userById(id: string): Promise<UserRecord | undefined> {
    const row = await this.db.one<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
    return row ? toUser(row) : undefined;
  }

  async users(regionCodes: string[] | null): Promise<UserRecord[]> {
    if (regionCodes && regionCodes.length === 0) return [];
    const where = regionCodes ? `WHERE region_code IN (${regionCodes.map(() => '?').join(',')})` : '';
    return (await this.db.all<UserRow>(`SELECT * FROM users ${where} ORDER BY username`, regionCodes ?? [])).map(toUser);
  }

  async userSessionState(id: string): Promise<UserSessionState | null> {
    const row = await this.db.one<{ token_generation: number | string; disabled_at: string | Date | null }>(
      'SELECT token_generation, disabled_at FROM users WHERE id = ?',
      [id],
    );
    return row ? { generation: Number(row.token_generation), disabled: row.disabled_at !== null } : null;
  }

  /**
   * Changes an account and, unless only the display name changes, bumps its token generation in the
   * same statement (every session it had ends; no change at all is a logout). False: no such user.
   */
  async changeAccount(id: string, change: AccountChange): Promise<boolean> {
    const columns: Array<[string, unknown]> = [];
    if (change.passwordHash !== undefined) columns.push(['password_hash', change.passwordHash]);
    if (change.passwordChangedAt !== undefined) columns.push(['password_changed_at', change.passwordChangedAt]);
    if (change.disabledAt !== undefined) columns.push(['disabled_at', change.disabledAt]);
    if (change.displayName !== undefined) columns.push(['display_name', change.displayName]);
    if (change.role !== undefined) columns.push(['role', change.role]);
    if (change.regionCode !== undefined) columns.push(['region_code', change.regionCode]);
    if (change.unitId !== undefined) columns.push(['unit_id', change.unitId]);
    const endsSessions = columns.some(([c]) => c !== 'display_name') || columns.length === 0;
    const sets = [...columns.map(([c]) => `${c} = ?`), ...(endsSessions ? ['token_generation = token_generation + 1'] : [])];
    return (await this.db.run(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`, [...columns.map(([, v]) => v), id])) === 1;
  }

  /** One page of users, by username; `regionCodes` null = every region. */
  async userPage(filter: { regionCodes: string[] | null; role?: Role; q?: string; limit: number; offset: number }): Promise<{ items: UserRecord[]; total: number }> {
    if (filter.regionCodes && filter.regionCodes.length === 0) return { items: [], total: 0 };
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.regionCodes) {
      where.push(`region_code IN (${filter.regionCodes.map(() => '?').join(',')})`);
      params.push(...filter.regionCodes);
    }
    if (filter.role) {
      where.push('role = ?');
      params.push(filter.role);
    }
    if (filter.q) {
      const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push("(LOWER(username) LIKE ? ESCAPE '\\' OR LOWER(display_name) LIKE ? ESCAPE '\\')");
      params.push(like, like);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [count, rows] = await Promise.all([
      this.db.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM users ${clause}`, params),
      this.db.all<UserRow>(`SELECT * FROM users ${clause} ORDER BY username LIMIT ? OFFSET ?`, [...params, filter.limit, filter.offset]),
    ]);
    return { items: rows.map(toUser), total: Number(count?.n ?? 0) };
  }

  /** Inserts a user; false when the username is taken (never replaces an existing user). */
  async insertUser(user: Omit<UserRecord, 'tokenGeneration' | 'disabledAt'>, tx: SqlExecutor = this.db): Promise<boolean> {
    const columns = '(id, username, password_hash, display_name, role, region_code, unit_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
    const sql =
      tx.dialect === 'postgres'
        ? `INSERT INTO users ${columns} ON CONFLICT (username) DO NOTHING`
        : `INSERT OR IGNORE INTO users ${columns}`;
    const params = [user.id, user.username, user.passwordHash, user.displayName, user.role, user.regionCode, user.unitId, user.createdAt];
    return (await tx.run(sql, params)) === 1;
  }
}
