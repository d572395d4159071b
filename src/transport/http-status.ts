import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../errors.ts';

type MediaRange = { type: string; subtype: string; quality: number };

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [mediaType = '', ...parameters] = part.split(';').map((piece) => piece.trim());
    const [type, subtype] = mediaType.toLowerCase().split('/');
    if (!type || !subtype) continue;
    let quality = 1;
    for (const parameter of parameters) {
      const [name, value] = parameter.split('=').map((piece) => piece.trim());
      if (name?.toLowerCase() === 'q' && value !== undefined) {
        const parsed = Number(value);
        quality = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      }
    }
    ranges.push({ type, subtype, quality });
  }
  return ranges;
}

/** The quality the most specific matching range gives `mediaType` (RFC 9110 §12.5.1), 0 if none match. */
function qualityOf(mediaType: string, ranges: MediaRange[]): number {
  const [type, subtype] = mediaType.split('/');
  let best: { specificity: number; quality: number } | undefined;
  for (const range of ranges) {
    const specificity =
      range.type === type && range.subtype === subtype
        ? 2
        : range.type === type && range.subtype === '*'
          ? 1
          : range.type === '*' && range.subtype === '*'
            ? 0
            : -1;
    if (specificity < 0) continue;
    if (!best || specificity > best.specificity) best = { specificity, quality: range.quality };
  }
  return best?.quality ?? 0;
}

/** True when the Accept header ranks text/html strictly above application/json; JSON wins ties. */
export function prefersHtml(acceptHeader: string | undefined): boolean {
  if (!acceptHeader) return false;
  const ranges = parseAccept(acceptHeader);
  return qualityOf('text/html', ranges) > qualityOf('application/json', ranges);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function renderStatusHtml(status: object, host: string | undefined): string {
  const name = 'name' in status && typeof status.name === 'string' ? status.name : 'Buttplug server';
  const connectHint = host ? `<p>Buttplug clients connect to <code>ws://${escapeHtml(host)}</code></p>` : '';
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(name)}</title></head>`,
    `<body><h1>${escapeHtml(name)}</h1>${connectHint}`,
    `<pre>${escapeHtml(JSON.stringify(status, null, 2))}</pre>`,
    '</body></html>',
  ].join('\n');
}

function respond(response: ServerResponse, statusCode: number, contentType: string, body: string, headOnly: boolean) {
  response.writeHead(statusCode, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(headOnly ? undefined : body);
}

/** Answers plain HTTP requests on the websocket port with the server status, as JSON or HTML. */
export function createStatusRequestHandler(status: () => object, log: Logger) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const headOnly = request.method === 'HEAD';
    if (request.method !== 'GET' && !headOnly) {
      response.setHeader('allow', 'GET, HEAD');
      respond(response, 405, 'application/json', JSON.stringify({ error: 'only GET and HEAD are supported' }), false);
      return;
    }
    let snapshot: object;
    let json: string;
    try {
      snapshot = status();
      json = JSON.stringify(snapshot) ?? 'null';
    } catch (error) {
      const message = describeError(error);
      log.warn(`status request failed: ${message}`);
      respond(response, 500, 'application/json', JSON.stringify({ error: `status unavailable: ${message}` }), headOnly);
      return;
    }
    if (prefersHtml(request.headers.accept)) {
      respond(response, 200, 'text/html; charset=utf-8', renderStatusHtml(snapshot, request.headers.host), headOnly);
    } else {
      respond(response, 200, 'application/json', json, headOnly);
    }
  };
}
