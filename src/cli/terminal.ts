/**
 * Everything the launcher prints goes through here: one prefix per child, colours only on a TTY
 * (and never with NO_COLOR), so piped output and test assertions see plain text.
 */
import { LogLine, Severity } from './log-line';

const useColor = Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;
const PALETTE = [36, 33, 35, 32, 34, 96, 93, 95, 92, 94];
const SEVERITY_TAG: Record<Severity, string> = { error: 'ERROR', warn: 'WARN ', info: 'INFO ', debug: 'DEBUG' };
const SEVERITY_COLOR: Record<Severity, number> = { error: 31, warn: 33, info: 0, debug: 90 };

function paint(code: number, text: string): string {
  return useColor && code !== 0 ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export class Terminal {
  private readonly colors = new Map<string, number>();
  private width = 8;

  /** Registers child names so prefixes line up and each child keeps one colour. */
  register(names: readonly string[]): void {
    for (const name of names) {
      if (!this.colors.has(name)) this.colors.set(name, PALETTE[this.colors.size % PALETTE.length]);
      this.width = Math.max(this.width, name.length);
    }
  }

  /** A line from a child. */
  child(name: string, line: LogLine): void {
    const prefix = paint(this.colors.get(name) ?? 0, `${name.padEnd(this.width)} │`);
    process.stdout.write(`${prefix} ${paint(SEVERITY_COLOR[line.severity], SEVERITY_TAG[line.severity])} ${line.text}\n`);
  }

  /** A message of the launcher itself. */
  info(text: string): void {
    process.stdout.write(`${paint(1, 'launcher'.padEnd(this.width))} │ ${text}\n`);
  }

  warn(text: string): void {
    process.stdout.write(`${paint(1, 'launcher'.padEnd(this.width))} │ ${paint(33, text)}\n`);
  }

  error(text: string): void {
    process.stderr.write(`${paint(31, `error: ${text}`)}\n`);
  }

  /** Unprefixed block (banner, summaries). */
  raw(text: string): void {
    process.stdout.write(`${text}\n`);
  }

  highlight(text: string): string {
    return paint(1, text);
  }
}
