import type { TestApp } from './test-app.js';

/** supertest's parser for a binary body (xlsx, csv): the bytes as they came. */
export const binary = (res: unknown, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Dry run then commit a ledger as `as`, waiting for the commit to finish; returns the final import view. */
export async function importLedger(t: TestApp, buffer: Buffer, as = 'jx-supervisor', name = 'ledger.xlsx') {
  const dry = await t.http.post('/api/v1/imports').set(await t.auth(as)).attach('file', buffer, name);
  if (dry.status !== 201) throw new Error(`dry run: ${dry.status} ${JSON.stringify(dry.body)}`);
  const commit = await t.http.post(`/api/v1/imports/${dry.body.id}/commit`).set(await t.auth(as)).send({ planHash: dry.body.planHash });
  if (commit.status !== 202) throw new Error(`commit: ${commit.status} ${JSON.stringify(commit.body)}`);
  for (let i = 0; i < 600; i++) {
    const progress = await t.http.get(`/api/v1/imports/${dry.body.id}`).set(await t.auth(as));
    if (progress.body.status === 'committed') return { dry: dry.body, done: progress.body };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('commit did not finish');
}
