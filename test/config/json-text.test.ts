import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { parseJsonText, syntaxErrorOffset } from '../../src/config/json-text.ts';

describe('locating JSON syntax errors', () => {
  it.each([
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['xyz', 0],
    ['{"a":tru}', 5],
    ['{"a":1}}', 7],
    ['[1,2', 4],
    ['"abc', 4],
    ['"bad \\q escape"', 6],
    ['[01]', 2],
    ['{"a":\n  [1,\n  ]}', 14],
  ])('%j fails at offset %i', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(syntaxErrorOffset(text)).toBe(offset);
  });

  it('property: valid JSON has no error, and every strict prefix of it has one within the text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(syntaxErrorOffset(text)).toBeUndefined();
        const cut = text.slice(0, Math.max(0, text.length - 1));
        let parses = true;
        try {
          JSON.parse(cut);
        } catch {
          parses = false;
        }
        // A number cut short can still be valid ("12" → "1"); only unparsable prefixes must be located.
        if (!parses) expect(syntaxErrorOffset(cut)).toBeLessThanOrEqual(cut.length);
      }),
      { numRuns: 200 },
    );
  });

  it('parseJsonText accepts a byte order mark and reports line and column', () => {
    expect(parseJsonText('\uFEFF{"a": 1}', 'x.json')).toEqual({ a: 1 });
    expect(() => parseJsonText('{\n"a": }', 'x.json')).toThrow(ConfigError);
    expect(() => parseJsonText('{\n"a": }', 'x.json')).toThrow(/^x\.json: invalid JSON at line 2 column 6: /);
  });
});
