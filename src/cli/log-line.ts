/**
 * Turns one line of a child's output into something short for the terminal. Nodes log structured
 * JSON (Nest JSON logger or pino shape); the full line goes to the log file, the terminal gets
 * "LEVEL [context] message key=value".
 */

export type Severity = 'error' | 'warn' | 'info' | 'debug';

export interface LogLine {
  severity: Severity;
  text: string;
}

const RANK: Record<Severity, number> = { error: 3, warn: 2, info: 1, debug: 0 };

/** Fields that are noise on a terminal: the launcher already shows who and when. */
const HIDDEN = new Set(['level', 'ts', 'time', 'timestamp', 'pid', 'hostname', 'msg', 'message', 'context', 'v', 'node', 'nodeId']);
const MAX_EXTRA_CHARS = 160;
/** Nest's start-up chatter (one line per module and route, per node): shown only with --verbose. */
const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

function severityOf(level: unknown): Severity {
  if (typeof level === 'number') {
    // pino numbers: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal
    if (level >= 50) return 'error';
    if (level >= 40) return 'warn';
    if (level >= 30) return 'info';
    return 'debug';
  }
  if (typeof level === 'string') {
    const l = level.toLowerCase();
    if (l === 'error' || l === 'fatal') return 'error';
    if (l === 'warn' || l === 'warning') return 'warn';
    if (l === 'debug' || l === 'verbose' || l === 'trace') return 'debug';
  }
  return 'info';
}

function compact(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Plain text lines are kept; "Error"/stack-looking stderr lines count as errors. */
export function parseLogLine(line: string, fromStderr: boolean): LogLine {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    if (isRecord(parsed)) {
      let severity = severityOf(parsed.level);
      if (severity === 'info' && typeof parsed.context === 'string' && STARTUP_CONTEXTS.has(parsed.context)) severity = 'debug';
      const message = parsed.msg ?? parsed.message ?? '';
      const context = typeof parsed.context === 'string' ? `[${parsed.context}] ` : '';
      let extra = Object.entries(parsed)
        .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined)
        .map(([key, value]) => `${key}=${compact(value)}`)
        .join(' ');
      if (extra.length > MAX_EXTRA_CHARS) extra = `${extra.slice(0, MAX_EXTRA_CHARS)}…`;
      const text = `${context}${typeof message === 'string' ? message : compact(message)}${extra ? ` ${extra}` : ''}`;
      return { severity, text };
    }
  }
  return { severity: fromStderr ? 'warn' : 'info', text: line };
}

/** Whether a line of this severity is echoed in the given console mode. */
export function shouldEcho(severity: Severity, mode: 'quiet' | 'normal' | 'verbose'): boolean {
  if (mode === 'verbose') return true;
  return RANK[severity] >= (mode === 'quiet' ? RANK.warn : RANK.info);
}
