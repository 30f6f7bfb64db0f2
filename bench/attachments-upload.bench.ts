import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { intParam, param } from './support/bench-params.util.js';
import { procCpuMs, procStatusMb, runBenchmark, writeResult } from './support/bench-output.util.js';
import { benchConfig, openEngine, seedWorld } from './support/bench-world.js';
import { login, sampleRss, startServer } from './support/server-process.js';

/**
 * Evidence upload (docs/attachments.md): one `--mb` (20) file through POST /cases/:id/attachments of the
 * built service — multipart, streamed to disk, SHA-256, sniffed, fsynced, moved into the blob store,
 * a row written — against the floor in the same minutes: this process reading the same bytes and
 * writing them to a file on the same disk with a SHA-256 and an fsync. Runs alternate (floor, upload)
 * `--runs` times; medians are compared. The server's RSS is sampled every 50 ms during each upload.
 */
async function main(): Promise<void> {
  const mb = intParam('mb', 20);
  const runs = intParam('runs', 5);
  const dir = resolve(param('dir', 'bench/tmp/attachments'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const url = `sqlite:${join(dir, 'rectify.sqlite')}`;
  const engine = await openEngine(benchConfig(url));
  await seedWorld(engine);
  await engine.close();

  const server = await startServer(url, join(dir, 'server.log'), { env: { ATTACHMENTS_DIR: join(dir, 'files') } });
  try {
    const api = `${server.base}/api/v1`;
    const token = { inspector: await login(server.base, 'jx-inspector'), supervisor: await login(server.base, 'jx-supervisor'), bureau: await login(server.base, 'nc-bureau') };
    const call = async (as: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${api}${path}`, { method, headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown> & { id: string }>;
    };
    const units = ((await call(token.bureau, 'GET', '/units?regionCode=360100')) as unknown as { items: Array<{ id: string; name: string }> }).items;
    const unit = units.find((u) => u.name === '南昌市生态环境局')!;
    // one case per upload: the per-case total (200 MB) is not what is measured
    const newCase = async () => {
      const c = await call(token.inspector, 'POST', '/cases', { title: '基准测试', description: '上传基准', source: 'routine', category: 'air', regionCode: '360100' });
      await call(token.supervisor, 'POST', `/cases/${c.id}/events`, { type: 'ASSIGN', leadUnitId: unit.id, rectificationWorkingDays: 30 });
      await call(token.bureau, 'POST', `/cases/${c.id}/events`, { type: 'ACCEPT' });
      return c.id;
    };

    const size = mb * 1_000_000;
    const source = join(dir, 'source.jpg');
    const content = Buffer.alloc(size);
    randomFillSync(content);
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(content); // a JPEG by its first bytes
    const upload = async (run: number) => {
      content.writeUInt32BE(run, 16); // new bytes each run: the store would otherwise keep the first copy
      await writeSynced(source, content);
      const caseId = await newCase();
      const started = performance.now();
      const cpuBefore = { server: await procCpuMs(server.pid), client: process.cpuUsage() };
      const { status, body } = await postFile(`${api}/cases/${caseId}/attachments`, token.bureau, source, size, `现场照片-${run}.jpg`);
      const ms = performance.now() - started;
      if (status !== 201) throw new Error(`upload: ${status} ${JSON.stringify(body)}`);
      const client = process.cpuUsage(cpuBefore.client);
      const serverCpuMs = (await procCpuMs(server.pid))! - cpuBefore.server!;
      return { ms, sha256: (body as { sha256?: string }).sha256, serverCpuMs, clientCpuMs: Math.round((client.user + client.system) / 1000) };
    };
    const floor = async (run: number) => {
      content.writeUInt32BE(run, 16);
      await writeSynced(source, content);
      const target = join(dir, `floor-${run}.bin`);
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const hash = createHash('sha256');
      await pipeline(
        createReadStream(source),
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(target),
      );
      const handle = await open(target, 'r');
      await handle.sync();
      await handle.close();
      hash.digest('hex');
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      rmSync(target);
      return { ms, cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
    };

    await sleep(1000);
    const rssBeforeAnyUploadMb = await procStatusMb(server.pid, 'VmRSS');
    await upload(1_000_000); // warm-up: multipart, file-type and the write path loaded once
    await sleep(500);
    const rssAfterWarmupMb = await procStatusMb(server.pid, 'VmRSS');
    const measured: Array<{ floorMs: number; floorCpuMs: number; uploadMs: number; serverCpuMs: number; clientCpuMs: number; rssBeforeMb: number | null; maxRssDuringMb: number | null }> = [];
    for (let run = 0; run < runs; run++) {
      const f = await floor(run);
      const rssBeforeMb = await procStatusMb(server.pid, 'VmRSS');
      const { result, maxRssMb } = await sampleRss(server.pid, () => upload(run), 50);
      measured.push({
        floorMs: Math.round(f.ms),
        floorCpuMs: f.cpuMs,
        uploadMs: Math.round(result.ms),
        serverCpuMs: result.serverCpuMs,
        clientCpuMs: result.clientCpuMs,
        rssBeforeMb,
        maxRssDuringMb: maxRssMb,
      });
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const floorMs = median(measured.map((m) => m.floorMs));
    const uploadMs = median(measured.map((m) => m.uploadMs));
    const maxDuring = Math.max(...measured.map((m) => m.maxRssDuringMb ?? 0));
    writeResult({
      benchmark: 'attachments-upload',
      fileBytes: size,
      runs: measured,
      floorMedianMs: floorMs,
      uploadMedianMs: uploadMs,
      ratio: Math.round((uploadMs / floorMs) * 100) / 100,
      floorCpuMedianMs: median(measured.map((m) => m.floorCpuMs)),
      serverCpuMedianMs: median(measured.map((m) => m.serverCpuMs)),
      clientCpuMedianMs: median(measured.map((m) => m.clientCpuMs)),
      rssBeforeAnyUploadMb,
      rssAfterWarmupMb,
      maxRssDuringMb: maxDuring,
      rssGrowthFromStartMb: rssBeforeAnyUploadMb === null ? null : Math.round((maxDuring - rssBeforeAnyUploadMb) * 10) / 10,
      rssGrowthAfterWarmupMb: rssAfterWarmupMb === null ? null : Math.round((maxDuring - rssAfterWarmupMb) * 10) / 10,
    });
  } finally {
    await server.stop();
  }
}

/** The source file on disk before a timed run: on ext4 an fsync may also flush other files' dirty pages, which neither side should pay for. */
async function writeSynced(path: string, content: Buffer): Promise<void> {
  writeFileSync(path, content);
  const handle = await open(path, 'r');
  await handle.sync();
  await handle.close();
}

/** A multipart upload as a browser sends it, the file streamed from disk (a light client: the server is measured, not the client's encoder). */
function postFile(url: string, token: string, path: string, size: number, filename: string): Promise<{ status: number; body: unknown }> {
  const boundary = `----rectify-bench-${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + size + tail.length) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.write(head);
    const file = createReadStream(path);
    file.on('error', reject);
    file.on('end', () => req.end(tail));
    file.pipe(req, { end: false });
  });
}

runBenchmark(main);
