import { describe, expect, it } from 'vitest';
import { prefersHtml, renderStatusHtml } from '../../src/transport/http-status.ts';

describe('prefersHtml', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true], // a browser
    ['text/html', true],
    ['text/*', true],
    ['text/html;q=0.9, application/json;q=0.5', true],
    ['*/*', false], // curl: a tie goes to JSON
    ['application/json', false],
    ['application/json, text/html', false],
    ['text/html;q=0.5, application/json', false],
    ['text/html;q=0', false],
    ['text/plain', false],
    ['garbage,,;;', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });
});

describe('renderStatusHtml', () => {
  it('titles the page with the status name and escapes everything the status or Host header carries', () => {
    const page = renderStatusHtml({ name: 'My "server"', note: '<script>alert(1)</script>' }, 'evil"><b>:1');
    expect(page).toContain('<title>My &#34;server&#34;</title>');
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>');
    expect(page).toContain('ws://evil&#34;&#62;&#60;b&#62;:1');
  });

  it('falls back to a generic title when the status has no name', () => {
    expect(renderStatusHtml({ clients: 0 }, undefined)).toContain('<title>Buttplug server</title>');
  });
});
