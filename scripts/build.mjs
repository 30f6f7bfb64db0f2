// Build: tsc to dist/, then rewrite the @rectify/* path aliases to relative paths so that
// plain `node` resolves them at run time (TypeScript only uses `paths` for type checking).
import { execFileSync } from 'node:child_process';
import { rmSync, cpSync, existsSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
const run = (bin, args) => execFileSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
run('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
run('node_modules/tsc-alias/dist/bin/index.js', ['-p', 'tsconfig.build.json', '--resolve-full-paths']);
// JSON data shipped with seeds is read at run time from the source tree layout.
if (existsSync('seeds/data')) cpSync('seeds/data', 'dist/seeds/data', { recursive: true });

// The web app (apps/web) into dist/web, served by the API at / (skip with --api-only).
if (!process.argv.includes('--api-only')) {
  const { build } = await import('vite');
  await build({ configFile: 'apps/web/vite.config.ts', logLevel: 'warn' });
  // Pre-compressed copies, served by @fastify/static to browsers that accept them (no compression per request).
  const { brotliCompressSync, gzipSync, constants } = await import('node:zlib');
  const { readdirSync, readFileSync, writeFileSync } = await import('node:fs');
  const assets = process.env.WEB_OUT_DIR ? `${process.env.WEB_OUT_DIR}/assets` : 'dist/web/assets';
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css|svg)$/.test(name)) continue;
    const bytes = readFileSync(`${assets}/${name}`);
    writeFileSync(`${assets}/${name}.gz`, gzipSync(bytes, { level: 9 }));
    writeFileSync(`${assets}/${name}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}
