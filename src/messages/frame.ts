/**
 * Reads one incoming frame into its elements. A frame is a JSON array of messages; like the
 * reference's streaming parser we also accept several arrays back to back (`[..][..]`, or
 * separated by whitespace). Anything unreadable becomes a problem entry in place, so the
 * elements before it still count.
 */
import { describeValue } from './validate.ts';
import { describeError } from '../errors.ts';

export type FramePart =
  | { readonly kind: 'element'; readonly value: unknown; readonly position: number }
  | { readonly kind: 'problem'; readonly problem: string };

const MAX_PROBLEM_LENGTH = 200;

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Index of the bracket closing the array that opens at `start`, or -1. Counts brackets outside
 * strings with a loop (no recursion); JSON.parse judges the exact syntax afterwards.
 */
function findArrayEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) depth++;
    else if (code === 0x5d || code === 0x7d) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The text of a thrown value, bounded, without ever throwing itself. */
export function errorText(error: unknown): string {
  try {
    const text = describeError(error);
    return text.length > MAX_PROBLEM_LENGTH ? `${text.slice(0, MAX_PROBLEM_LENGTH)}…` : text;
  } catch {
    return 'unreadable error';
  }
}

function jsonProblem(error: unknown): string {
  if (error instanceof RangeError) return 'the frame is nested too deeply to read';
  return `malformed JSON: ${errorText(error)}`;
}

type Parsed = { ok: true; value: unknown } | { ok: false; problem: string };

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: jsonProblem(error) };
  }
}

/** Explains a frame that does not start with `[`. */
function notAnArray(rest: string): string {
  const parsed = parseJson(rest);
  if (!parsed.ok) return parsed.problem;
  const wrapHint = describeValue(parsed.value) === 'an object' ? '; wrap the message in [ ]' : '';
  return `a frame must be a JSON array of messages like [{"Ping":{"Id":1}}] (got ${describeValue(parsed.value)})${wrapHint}`;
}

function readText(text: string): FramePart[] {
  const parts: FramePart[] = [];
  let position = 0;
  let arrays = 0;
  let at = 0;
  for (;;) {
    while (at < text.length && isJsonWhitespace(text.charCodeAt(at))) at++;
    if (at >= text.length) break;
    if (text.charCodeAt(at) !== 0x5b) {
      parts.push({
        kind: 'problem',
        problem: arrays === 0 ? notAnArray(text.slice(at)) : `unexpected text after message array ${arrays}; only further arrays may follow`,
      });
      break;
    }
    const end = findArrayEnd(text, at);
    if (end < 0) {
      parts.push({ kind: 'problem', problem: 'malformed JSON: an array is not closed' });
      break;
    }
    const parsed = parseJson(text.slice(at, end + 1));
    if (!parsed.ok) {
      parts.push({ kind: 'problem', problem: parsed.problem });
      break;
    }
    const elements = parsed.value as unknown[];
    if (elements.length === 0) parts.push({ kind: 'problem', problem: 'an empty array holds no messages' });
    for (const value of elements) parts.push({ kind: 'element', value, position: position++ });
    arrays++;
    at = end + 1;
  }
  if (parts.length === 0) parts.push({ kind: 'problem', problem: 'the frame is empty; send a JSON array of messages' });
  return parts;
}

/** The elements of a frame: JSON text, or an already-parsed array. Never throws. */
export function readFrame(frame: unknown): FramePart[] {
  try {
    if (typeof frame === 'string') return readText(frame);
    if (Array.isArray(frame)) {
      if (frame.length === 0) return [{ kind: 'problem', problem: 'an empty array holds no messages' }];
      const parts: FramePart[] = [];
      for (let position = 0; position < frame.length; position++) parts.push({ kind: 'element', value: frame[position], position });
      return parts;
    }
    if (frame instanceof Uint8Array || frame instanceof ArrayBuffer) {
      return [{ kind: 'problem', problem: 'binary frames are not supported; send the messages as JSON text' }];
    }
    return [{ kind: 'problem', problem: `a frame must be a JSON array of messages (got ${describeValue(frame)})` }];
  } catch (error) {
    return [{ kind: 'problem', problem: `the frame could not be read (${errorText(error)})` }];
  }
}
