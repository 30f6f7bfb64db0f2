/**
 * Benchmark parameters: `--name=value` on the command line wins over the environment variable
 * `BENCH_NAME` (dashes become underscores), which wins over the default.
 */
export function param(name: string, fallback: string): string {
  const flag = `--${name}=`;
  const arg = process.argv.find((a) => a.startsWith(flag));
  if (arg !== undefined) return arg.slice(flag.length);
  const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  return env !== undefined && env !== '' ? env : fallback;
}

export function intParam(name: string, fallback: number): number {
  const raw = param(name, String(fallback));
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function requiredParam(name: string): string {
  const value = param(name, '');
  if (!value) throw new Error(`--${name} is required`);
  return value;
}
