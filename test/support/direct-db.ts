import Database from 'better-sqlite3';
import pg from 'pg';

/** Raw read access to a test database from outside the service (child-process tests). */
export class DirectDb {
  private constructor(
    private readonly sqlite: Database.Database | null,
    private readonly client: pg.Client | null,
  ) {}

  static async open(url: string): Promise<DirectDb> {
    if (url.startsWith('sqlite:')) return new DirectDb(new Database(url.slice('sqlite:'.length), { readonly: true }), null);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new DirectDb(null, client);
  }

  async all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.sqlite) return this.sqlite.prepare(sql).all(...params) as T[];
    let n = 0;
    return (await this.client!.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.all<{ n: number | string }>(sql, params);
    return Number(row?.n ?? 0);
  }

  async close(): Promise<void> {
    this.sqlite?.close();
    await this.client?.end();
  }
}
