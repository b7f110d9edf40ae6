/** Tiny `--name value` parser for bench scripts (no dependency, no magic). */
export function argValue(name: string, fallback: string, argv: readonly string[] = process.argv): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

export function argNumber(name: string, fallback: number, argv: readonly string[] = process.argv): number {
  const value = Number(argValue(name, String(fallback), argv));
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
  return value;
}

export function argList(name: string, fallback: number[], argv: readonly string[] = process.argv): number[] {
  const raw = argValue(name, fallback.join(','), argv);
  const values = raw.split(',').map(Number);
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`--${name} must be a comma-separated list of positive integers`);
  return values;
}

export function argOptional(name: string, argv: readonly string[] = process.argv): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : undefined;
}
