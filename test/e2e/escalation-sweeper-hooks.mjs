import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const aliasPath = (name) => (name === 'workflows' || name === 'seeds' ? `${name}/src/index.ts` : `libs/${name}/src/index.ts`);
// Transpiled output is cached by content, so the second child (and later runs) start fast.
const cacheDir = join(tmpdir(), 'rectify-sweeper-ts-cache');
mkdirSync(cacheDir, { recursive: true });
// TypeScript is loaded only when something is not cached yet.
let typescript = null;
const compilerOptions = () => ({
  module: typescript.ModuleKind.ESNext,
  target: typescript.ScriptTarget.ES2023,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  useDefineForClassFields: false,
  esModuleInterop: true,
  isolatedModules: true,
});
const CACHE_VERSION = '1';

export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@rectify/')) {
    return { url: new URL(aliasPath(specifier.slice('@rectify/'.length)), root).href, shortCircuit: true };
  }
  if (/^\.\.?\//.test(specifier) && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const url = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
    if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, 'utf8');
  const cached = join(cacheDir, `${createHash('sha256').update(CACHE_VERSION).update(fileName).update(source).digest('hex')}.js`);
  const hit = await readFile(cached, 'utf8').catch(() => null);
  if (hit !== null) return { format: 'module', source: hit, shortCircuit: true };
  typescript ??= (await import('typescript')).default;
  const { outputText } = typescript.transpileModule(source, { fileName, compilerOptions: compilerOptions() });
  // Written aside then renamed, so a concurrent child never reads half a file.
  const partial = `${cached}.${process.pid}.tmp`;
  await writeFile(partial, outputText)
    .then(() => rename(partial, cached))
    .catch(() => undefined);
  return { format: 'module', source: outputText, shortCircuit: true };
}
