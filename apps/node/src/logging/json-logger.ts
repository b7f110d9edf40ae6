import { LoggerService } from '@nestjs/common';
import { LogLevel } from '../config/node-env.schema';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export type LogSink = (line: string) => void;

/** Extra structured fields: pass an object as the last argument before the context, e.g. log('msg', { term }, 'Raft'). */
export type LogFields = Record<string, unknown>;

/**
 * Nest LoggerService writing one JSON object per line: {ts, level, node, context, msg, ...fields}.
 * The system clock is fine here: logs are an adapter, outside the pure core.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly node: string,
    private readonly level: LogLevel = 'info',
    private readonly sink: LogSink = (line) => process.stdout.write(line + '\n'),
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  /** A logger bound to one context, for services that are not Nest-constructed. */
  child(context: string): ContextLogger {
    return new ContextLogger(this, context);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (RANK[level] > RANK[this.level]) return;
    // Nest appends the context as the last string argument; an Error's stack may precede it.
    const args = [...rest];
    const context = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const fields: LogFields = {};
    for (const arg of args) {
      if (arg instanceof Error) fields.error = arg.message;
      else if (typeof arg === 'string') fields.stack = arg;
      else if (arg !== null && typeof arg === 'object') Object.assign(fields, arg);
    }
    const msg = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    const record = { ts: new Date().toISOString(), level, node: this.node, context, msg, ...fields };
    this.sink(JSON.stringify(record));
  }
}

/** A JsonLogger with a fixed context. */
export class ContextLogger {
  constructor(
    private readonly logger: JsonLogger,
    private readonly context: string,
  ) {}
  info(msg: string, fields: LogFields = {}): void {
    this.logger.log(msg, fields, this.context);
  }
  warn(msg: string, fields: LogFields = {}): void {
    this.logger.warn(msg, fields, this.context);
  }
  error(msg: string, fields: LogFields = {}): void {
    this.logger.error(msg, fields, this.context);
  }
  debug(msg: string, fields: LogFields = {}): void {
    this.logger.debug(msg, fields, this.context);
  }
}
