import { LogEntry } from '@app/core';
import { StateMachine } from './state-machine.port';

/** The envelope of every command in a group's log: `kind` picks the handler (diag, lock, ...). */
export interface Command {
  kind: string;
  body: unknown;
}

export function encodeCommand(kind: string, body: unknown): string {
  return JSON.stringify({ kind, body } satisfies Command);
}

/** One part of a group's state, fed the commands of its kind. */
export interface CommandHandler {
  apply(body: unknown, at: { index: number; term: number }): unknown;
  /** A JSON-serializable value. */
  snapshot(): unknown;
  restore(state: unknown): void;
}

export interface RejectedCommand {
  error: 'malformed-command' | 'unknown-kind';
  kind?: string;
}

/**
 * A StateMachine that routes commands to handlers by kind, so features (diagnostics now, the
 * lock table later) plug into one group without knowing each other. Bad commands are answered,
 * not thrown: apply must be deterministic on every replica.
 */
export class CommandRouter implements StateMachine {
  private readonly handlers = new Map<string, CommandHandler>();

  register(kind: string, handler: CommandHandler): this {
    if (this.handlers.has(kind)) throw new Error(`a handler for "${kind}" is already registered`);
    this.handlers.set(kind, handler);
    return this;
  }

  apply(entry: LogEntry): unknown {
    const command = decode(entry.data);
    if (!command) return { error: 'malformed-command' } satisfies RejectedCommand;
    const handler = this.handlers.get(command.kind);
    if (!handler) return { error: 'unknown-kind', kind: command.kind } satisfies RejectedCommand;
    return handler.apply(command.body, { index: entry.index, term: entry.term });
  }

  snapshot(): string {
    const state: Record<string, unknown> = {};
    for (const [kind, handler] of this.handlers) state[kind] = handler.snapshot();
    return JSON.stringify(state);
  }

  restore(data: string): void {
    const state = data === '' ? {} : (JSON.parse(data) as Record<string, unknown>);
    for (const [kind, handler] of this.handlers) handler.restore(state[kind]);
  }
}

function decode(data: string): Command | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && 'kind' in value && typeof value.kind === 'string') {
      return { kind: value.kind, body: 'body' in value ? value.body : undefined };
    }
  } catch {
    // fall through: not JSON
  }
  return null;
}
