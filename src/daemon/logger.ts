/**
 * The daemon's logs: pino to stderr. JSON lines when stderr is a file or pipe (for log collectors);
 * one short readable line per entry on a terminal (pino-pretty is not a dependency, so the few lines
 * of formatting live here).
 */
import { pino, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from './flags.ts';

export interface LogStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

interface DaemonLoggerOptions {
  readonly level: LogLevel;
  /** Default process.stderr. */
  readonly stream?: LogStream;
  /** Readable lines instead of JSON; default: when the stream is a terminal. */
  readonly pretty?: boolean;
  /** ANSI colours in readable lines; default: on a terminal unless NO_COLOR is set. */
  readonly color?: boolean;
}

export function createDaemonLogger(options: DaemonLoggerOptions): PinoLogger {
  const stream = options.stream ?? process.stderr;
  const pretty = options.pretty ?? stream.isTTY === true;
  const color = options.color ?? (stream.isTTY === true && !process.env.NO_COLOR);
  const destination = pretty
    ? { write: (line: string) => void stream.write(formatLogLine(line, { color })) }
    : { write: (line: string) => void stream.write(line) };
  return pino({ level: options.level, base: undefined }, destination);
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_COLORS: Record<number, string> = { 10: '90', 20: '36', 30: '32', 40: '33', 50: '31', 60: '35' };
/** Fields every entry has, shown in the line's own layout instead of as key=value. */
const LAYOUT_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

function clock(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

function fieldText(key: string, value: unknown): string {
  if (key === 'err' && typeof value === 'object' && value !== null && 'message' in value) {
    const err = value as { type?: unknown; message?: unknown };
    return `err=${JSON.stringify(`${typeof err.type === 'string' ? `${err.type}: ` : ''}${String(err.message)}`)}`;
  }
  if (typeof value === 'string') return `${key}=${/^[\w.:/@[\]-]+$/.test(value) ? value : JSON.stringify(value)}`;
  return `${key}=${JSON.stringify(value)}`;
}

/**
 * One pino JSON line as `12:34:56.789 INFO  message key=value …`. A line that is not pino JSON is
 * passed through unchanged, so nothing is ever lost.
 */
export function formatLogLine(line: string, options: { color: boolean }): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return line;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const name = (LEVEL_NAMES[level] ?? `L${level}`).padEnd(5);
  const label = options.color ? `\u001b[${LEVEL_COLORS[level] ?? '0'}m${name}\u001b[0m` : name;
  const fields = Object.entries(entry)
    .filter(([key]) => !LAYOUT_FIELDS.has(key))
    .map(([key, value]) => fieldText(key, value));
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  return `${clock(entry.time)} ${label} ${[message, ...fields].filter((part) => part !== '').join(' ')}\n`;
}
