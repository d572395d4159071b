/** The daemon's log output: JSON lines off a terminal, one readable line per entry on one. */
import { describe, expect, it } from 'vitest';
import { createDaemonLogger, formatLogLine } from '../../src/daemon/logger.ts';

function captured(isTTY: boolean) {
  const lines: string[] = [];
  return { stream: { isTTY, write: (text: string) => lines.push(text) }, lines };
}

describe('createDaemonLogger', () => {
  it('writes one JSON object per line when the stream is not a terminal', () => {
    const { stream, lines } = captured(false);
    const log = createDaemonLogger({ level: 'info', stream });
    log.info({ port: 12345 }, 'listening');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 30, msg: 'listening', port: 12345 });
    expect(JSON.parse(lines[0])).not.toHaveProperty('hostname');
  });

  it('writes readable lines on a terminal', () => {
    const { stream, lines } = captured(true);
    const log = createDaemonLogger({ level: 'info', stream, color: false });
    log.warn({ manager: 'btle' }, 'Bluetooth unavailable');
    expect(lines).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} WARN  Bluetooth unavailable manager=btle\n$/)]);
  });

  it('leaves out entries below the level', () => {
    const { stream, lines } = captured(false);
    const log = createDaemonLogger({ level: 'warn', stream });
    log.info('hidden');
    log.debug('hidden');
    log.error('shown');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['shown']);
  });

  it('silent writes nothing', () => {
    const { stream, lines } = captured(false);
    const log = createDaemonLogger({ level: 'silent', stream });
    log.error('nothing');
    expect(lines).toEqual([]);
  });
});

describe('formatLogLine', () => {
  const time = new Date(2024, 0, 2, 3, 4, 5, 6).getTime();

  it('time, level, message, then the other fields as key=value', () => {
    const line = JSON.stringify({ level: 30, time, msg: 'device added', index: 0, name: 'Massage Demo', tags: ['a'] });
    expect(formatLogLine(line, { color: false })).toBe('03:04:05.006 INFO  device added index=0 name="Massage Demo" tags=["a"]\n');
  });

  it('shows an error by its type and message, not its stack', () => {
    const line = JSON.stringify({ level: 50, time, msg: 'failed', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x' } });
    expect(formatLogLine(line, { color: false })).toBe('03:04:05.006 ERROR failed err="Error: boom"\n');
  });

  it('colours the level on request', () => {
    const line = JSON.stringify({ level: 40, time, msg: 'careful' });
    expect(formatLogLine(line, { color: true })).toBe('03:04:05.006 \u001b[33mWARN \u001b[0m careful\n');
  });

  it('passes anything that is not a pino entry through unchanged', () => {
    expect(formatLogLine('not json\n', { color: false })).toBe('not json\n');
    expect(formatLogLine('[1,2]\n', { color: false })).toBe('[1,2]\n');
  });
});
