import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, createCase, send, sendOk } from '../support/case-factory.js';
import { cfb, docx, exe, heic, pdf, png, zip } from '../support/evidence-files.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MIB = 1024 * 1024;

/** supertest parser that keeps a download's bytes as they came. */
function binary(res: unknown, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  (res as NodeJS.ReadableStream).on('data', (c: Buffer) => chunks.push(c));
  (res as NodeJS.ReadableStream).on('end', () => cb(null, Buffer.concat(chunks)));
}

/** Evidence files end to end, with small limits (1 MB a file, 3 MB and 6 files a case) to keep it fast. */
describe('evidence files (attachments)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ATTACHMENT_MAX_FILE_MB: '1', ATTACHMENT_MAX_CASE_MB: '3', ATTACHMENT_MAX_FILES_PER_CASE: '6' } });
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => t.close());

  async function upload(caseId: string, as: string, bytes: Buffer, filename: string, contentType = 'application/octet-stream') {
    return t.http
      .post(`/api/v1/cases/${caseId}/attachments`)
      .set(await t.auth(as))
      .attach('file', bytes, { filename, contentType });
  }
  async function uploadOk(caseId: string, as: string, bytes: Buffer, filename: string) {
    const res = await upload(caseId, as, bytes, filename);
    if (res.status !== 201) throw new Error(`upload ${filename}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; sha256: string; size: number; contentType: string; name: string };
  }
  const rows = async (caseId: string) => Number((await t.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM attachments WHERE case_id = ?', [caseId]))!.n);
  const blobFiles = () => {
    const root = join(t.attachmentsDir, 'sha256');
    try {
      return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    } catch {
      return [];
    }
  };
  const stagingFiles = () => readdirSync(join(t.attachmentsDir, 'staging'));
  const verify = async (caseId: string) => (await t.http.get(`/api/v1/cases/${caseId}/history/verify`).set(await t.auth('nc-supervisor'))).body;

  it('the lead unit uploads a photo and a PDF with Chinese names; the types come from the bytes; the inspector downloads them', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const photo = await uploadOk(c.id, 'nc-bureau', png(2000), '整改后现场照片.png');
    expect(photo).toMatchObject({ name: '整改后现场照片.png', contentType: 'image/png', size: png(2000).length, sha256: sha256(png(2000)) });
    const report = await uploadOk(c.id, 'nc-bureau', pdf(), 'C:\\fakepath\\整改报告.pdf');
    expect(report).toMatchObject({ name: '整改报告.pdf', contentType: 'application/pdf' });

    const list = await t.http.get(`/api/v1/cases/${c.id}/attachments`).set(await t.auth('nc-inspector')).expect(200);
    expect(list.body).toMatchObject({ totalBytes: photo.size + report.size, canUpload: false, limits: { maxFileBytes: MIB, maxCaseBytes: 3 * MIB, maxFilesPerCase: 6 } });
    expect(list.body.items.map((a: { name: string }) => a.name)).toEqual(['整改后现场照片.png', '整改报告.pdf']);
    expect(list.body.items[0]).toMatchObject({ uploadedBy: { id: expect.any(String), username: 'nc-bureau', role: 'bureau', unitId: expect.any(String) }, downloadPath: `/api/v1/attachments/${photo.id}` });

    const res = await t.http.get(`/api/v1/attachments/${report.id}`).set(await t.auth('nc-inspector')).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, pdf())).toBe(0);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers.etag).toBe(`"${sha256(pdf())}"`);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('整改报告.pdf')}`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a renamed .exe, an archive, an installer and a script are refused by their bytes, and leave nothing behind', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const blobsBefore = blobFiles().length;
    for (const [bytes, name, declared] of [
      [exe(), '现场照片.jpg', 'image/jpeg'],
      [zip([['a.txt', 'x'], ['setup.exe', exe()]]), '材料.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [cfb(['SummaryInformation', 'Property']), '报告.doc', 'application/msword'],
      [Buffer.from('#!/bin/sh\necho hi\n'), '说明.txt', 'text/plain'],
    ] as const) {
      const res = await upload(c.id, 'nc-bureau', bytes, name, declared);
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(res.body.message).toMatch(/not accepted as evidence/);
    }
    expect(await rows(c.id)).toBe(0);
    expect(blobFiles().length).toBe(blobsBefore);
    expect(stagingFiles()).toEqual([]);
  });

  it('accepts HEIC photos, .docx files a streaming writer produced, legacy .doc and UTF-8 text', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    expect((await uploadOk(c.id, 'nc-bureau', heic(), 'IMG_0001.HEIC')).contentType).toBe('image/heic');
    expect((await uploadOk(c.id, 'nc-bureau', docx(), '整改方案')).contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((await uploadOk(c.id, 'nc-bureau', cfb(['WordDocument', '1Table']), '旧版报告.doc')).contentType).toBe('application/msword');
    expect((await uploadOk(c.id, 'nc-bureau', Buffer.from('监测数据：COD 18 mg/L\n'), 'data.csv')).contentType).toBe('text/plain; charset=utf-8');
  });

  it('a file over the size limit is 413 and leaves no row and no file; so does one that would overfill the case', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const blobsBefore = blobFiles().length;
    const big = png(MIB + 10);
    const res = await upload(c.id, 'nc-bureau', big, '大图.png');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', maxFileBytes: MIB });
    expect(res.body.message).toMatch(/at most 1 MB/);
    expect(await rows(c.id)).toBe(0);
    expect(blobFiles().length).toBe(blobsBefore);
    expect(stagingFiles()).toEqual([]);

    // 3 MB a case: three files of ~0.9 MB fit, a fourth does not.
    for (let i = 0; i < 3; i++) await uploadOk(c.id, 'nc-bureau', png(900_000 + i), `p${i}.png`);
    const over = await upload(c.id, 'nc-bureau', png(900_100), 'p4.png');
    expect(over.status).toBe(413);
    expect(over.body.message).toMatch(/A case holds at most 3 MB/);
    expect(await rows(c.id)).toBe(3);
    expect(stagingFiles()).toEqual([]);
  });

  it('the same bytes are stored once; a case holds at most the configured number of files (409)', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const bytes = pdf('同一份文件');
    const blobsBefore = blobFiles().length;
    const a = await uploadOk(c.id, 'nc-bureau', bytes, '一.pdf');
    const b = await uploadOk(c.id, 'nc-bureau', bytes, '二.pdf');
    expect(a.id).not.toBe(b.id);
    expect(a.sha256).toBe(b.sha256);
    expect(blobFiles().length).toBe(blobsBefore + 1);
    for (let i = 0; i < 4; i++) await uploadOk(c.id, 'nc-bureau', pdf(`第${i}份`), `${i}.pdf`);
    const seventh = await upload(c.id, 'nc-bureau', pdf('第七份'), '7.pdf');
    expect(seventh.status).toBe(409);
    expect(seventh.body).toMatchObject({ code: 'CONFLICT', maxFilesPerCase: 6 });
  });

  it('an upload interrupted mid-file leaves no row, no staging file and no blob', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const { Authorization } = await t.auth('nc-bureau');
    const blobsBefore = blobFiles().length;
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    const boundary = '----rectify-interrupted';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="中断.png"\r\nContent-Type: image/png\r\n\r\n`);
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/api/v1/cases/${c.id}/attachments`,
      headers: { Authorization, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(head.length + 900_000) },
    });
    req.on('error', () => {});
    req.write(head);
    req.write(png(300_000));
    // wait until the server is writing the staging file, then cut the connection
    for (let i = 0; i < 100 && stagingFiles().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(stagingFiles().length).toBe(1);
    req.destroy();
    for (let i = 0; i < 100 && stagingFiles().length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(stagingFiles()).toEqual([]);
    expect(await rows(c.id)).toBe(0);
    expect(blobFiles().length).toBe(blobsBefore);
    // and the service carries on
    await uploadOk(c.id, 'nc-bureau', png(), '重传.png');
  });

  it('malformed bodies are clear 4xx: not multipart 415, no file part 400, a body cut off 400', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const auth = await t.auth('nc-bureau');
    const json = await t.http.post(`/api/v1/cases/${c.id}/attachments`).set(auth).send({ file: 'x' });
    expect(json.status).toBe(415);
    const noFile = await t.http.post(`/api/v1/cases/${c.id}/attachments`).set(auth).field('note', 'no file');
    expect(noFile.status).toBe(400);
    const cut = await t.http
      .post(`/api/v1/cases/${c.id}/attachments`)
      .set(auth)
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 no end');
    expect(cut.status).toBe(400);
    const noBoundary = await t.http.post(`/api/v1/cases/${c.id}/attachments`).set(auth).set('Content-Type', 'multipart/form-data').send('x');
    expect(noBoundary.status).toBeGreaterThanOrEqual(400);
    expect(noBoundary.status).toBeLessThan(500);
    const empty = await upload(c.id, 'nc-bureau', Buffer.alloc(0), 'empty.txt');
    expect(empty.status).toBe(400);
    expect(await rows(c.id)).toBe(0);
    expect(stagingFiles()).toEqual([]);
  });

  it('who may upload: who may act on the case now', async () => {
    const rectifying = await caseIn(t, 'rectifying.inProgress');
    expect((await upload(rectifying.id, 'dh-bureau', png(), 'co.png')).status).toBe(201); // co-unit: REPORT_PROGRESS
    expect((await upload(rectifying.id, 'nc-inspector', png(), 'x.png')).status).toBe(403);
    expect((await upload(rectifying.id, 'nc-supervisor', png(), 'x.png')).status).toBe(403);
    expect((await upload(rectifying.id, 'jj-bureau', png(), 'x.png')).status).toBe(404);
    expect((await upload(rectifying.id, 'ah-inspector', png(), 'x.png')).status).toBe(404);

    const verifying = await caseIn(t, 'rectifying.awaitingVerification');
    expect((await upload(verifying.id, 'nc-bureau', png(), 'late.png')).status).toBe(403);
    expect((await upload(verifying.id, 'nc-inspector', png(), '复核照片.png')).status).toBe(201); // VERIFY_FAIL
    const revisit = await caseIn(t, 'reboundCheck');
    expect((await upload(revisit.id, 'nc-inspector', png(), '回头看.png')).status).toBe(201); // REBOUND_FOUND
    const assigned = await caseIn(t, 'assigned');
    expect((await upload(assigned.id, 'nc-bureau', png(), 'early.png')).status).toBe(403);
  });

  it('cross-jurisdiction: the list and the download are 404 to anyone who cannot see the case', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const a = await uploadOk(c.id, 'nc-bureau', pdf('保密'), '内部.pdf');
    for (const who of ['ah-inspector', 'ah-supervisor', 'jj-bureau', 'jj-supervisor']) {
      const list = await t.http.get(`/api/v1/cases/${c.id}/attachments`).set(await t.auth(who));
      const file = await t.http.get(`/api/v1/attachments/${a.id}`).set(await t.auth(who));
      expect({ who, list: list.status, file: file.status, body: file.body }).toMatchObject({ who, list: 404, file: 404, body: { code: 'NOT_FOUND', message: 'Attachment not found' } });
    }
    for (const who of ['nc-bureau', 'dh-bureau', 'nc-inspector', 'jx-supervisor', 'admin']) {
      expect({ who, status: (await t.http.get(`/api/v1/attachments/${a.id}`).set(await t.auth(who))).status }).toEqual({ who, status: 200 });
    }
    expect((await t.http.get('/api/v1/attachments/not-an-id').set(await t.auth('admin'))).status).toBe(404);
    expect((await t.http.get(`/api/v1/attachments/${c.id}`).set(await t.auth('admin'))).status).toBe(404);
  });

  it('range requests: 206 with Content-Range, suffix ranges, 416 outside the file, If-None-Match 304, If-Range', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const bytes = png(5000);
    const a = await uploadOk(c.id, 'nc-bureau', bytes, 'range.png');
    const auth = await t.auth('nc-inspector');
    const part = await t.http.get(`/api/v1/attachments/${a.id}`).set(auth).set('Range', 'bytes=8-23').buffer(true).parse(binary);
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 8-23/${bytes.length}`);
    expect(part.headers['content-length']).toBe('16');
    expect(Buffer.compare(part.body as Buffer, bytes.subarray(8, 24))).toBe(0);
    const tail = await t.http.get(`/api/v1/attachments/${a.id}`).set(auth).set('Range', 'bytes=-12').buffer(true).parse(binary);
    expect(tail.status).toBe(206);
    expect(Buffer.compare(tail.body as Buffer, bytes.subarray(bytes.length - 12))).toBe(0);
    const outside = await t.http.get(`/api/v1/attachments/${a.id}`).set(auth).set('Range', `bytes=${bytes.length}-`);
    expect(outside.status).toBe(416);
    expect(outside.body).toMatchObject({ statusCode: 416, code: 'RANGE_NOT_SATISFIABLE', size: bytes.length });
    const cached = await t.http.get(`/api/v1/attachments/${a.id}`).set(auth).set('If-None-Match', `"${a.sha256}"`);
    expect(cached.status).toBe(304);
    const staleRange = await t.http.get(`/api/v1/attachments/${a.id}`).set(auth).set('Range', 'bytes=0-1').set('If-Range', '"other"');
    expect(staleRange.status).toBe(200);
  });

  it('events carry attachment ids; history records their hashes; verification finds a file whose bytes changed', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const other = await caseIn(t, 'rectifying.inProgress');
    const photo = await uploadOk(c.id, 'nc-bureau', png(3000), '现场.png');
    const report = await uploadOk(c.id, 'nc-bureau', pdf('验收报告'), '报告.pdf');
    const foreign = await uploadOk(other.id, 'nc-bureau', pdf('别的案子'), 'x.pdf');

    const wrongCase = await send(t, c.id, 'nc-bureau', { type: 'SUBMIT_EVIDENCE', summary: '已整改', attachmentIds: [photo.id, foreign.id] });
    expect(wrongCase.status).toBe(400);
    expect(wrongCase.body.message).toContain(foreign.id);
    const unknown = await send(t, c.id, 'nc-bureau', { type: 'SUBMIT_EVIDENCE', summary: '已整改', attachmentIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknown.status).toBe(400);
    expect((await send(t, c.id, 'nc-bureau', { type: 'SUBMIT_EVIDENCE', summary: '已整改' })).status).toBe(400);
    expect((await send(t, c.id, 'nc-bureau', { type: 'SUBMIT_EVIDENCE', summary: '已整改', attachmentIds: ['x'] })).status).toBe(400);

    await sendOk(t, c.id, 'nc-bureau', { type: 'REPORT_PROGRESS', note: '进展', attachmentIds: [photo.id] });
    const submitted = await sendOk(t, c.id, 'nc-bureau', { type: 'SUBMIT_EVIDENCE', summary: '已整改', attachmentIds: [photo.id, report.id] });
    expect(submitted.stateDetail).toBe('rectifying.awaitingVerification');
    const history = (await t.http.get(`/api/v1/cases/${c.id}/history`).set(await t.auth('nc-inspector'))).body.items as Array<{ type: string; payload: Record<string, unknown> }>;
    const row = history.find((h) => h.type === 'SUBMIT_EVIDENCE')!;
    expect(row.payload.attachments).toEqual([
      { id: photo.id, name: '现场.png', contentType: 'image/png', size: photo.size, sha256: photo.sha256 },
      { id: report.id, name: '报告.pdf', contentType: 'application/pdf', size: report.size, sha256: report.sha256 },
    ]);
    expect(row.payload.attachmentIds).toBeUndefined();
    expect(await verify(c.id)).toMatchObject({ valid: true, length: submitted.version, files: { checked: 3, problems: [] } });

    // the inspector fails it with a photo of their own
    const recheck = await uploadOk(c.id, 'nc-inspector', png(10), '复核.png');
    await sendOk(t, c.id, 'nc-inspector', { type: 'VERIFY_FAIL', reason: '仍有裸露', attachmentIds: [recheck.id] });

    // someone with disk access swaps the report's bytes for others of the same length
    const path = join(t.attachmentsDir, 'sha256', report.sha256.slice(0, 2), report.sha256.slice(2, 4), report.sha256);
    chmodSync(path, 0o644);
    const forged = pdf('验收报告');
    forged.write('X', 20);
    writeFileSync(path, forged);
    const result = await verify(c.id);
    expect(result).toMatchObject({ valid: false, files: { checked: 4, problems: [{ seq: submitted.version, attachmentId: report.id, name: '报告.pdf', sha256: report.sha256, problem: 'altered' }] } });
    // a shorter file is refused on download too, rather than served under the old hash
    writeFileSync(path, forged.subarray(0, 10));
    expect((await t.http.get(`/api/v1/attachments/${report.id}`).set(await t.auth('nc-inspector'))).status).toBe(409);
  });
});
